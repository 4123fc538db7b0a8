// Command handover asks handoverd what runs where and why.
// Run `handover --help` for the commands.
package main

import (
	"os"

	"handover/client/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
