// Command handoverd indexes infrastructure repositories and answers
// questions about them over gRPC.
//
//	handoverd [--config FILE] [--listen ADDR] [--data DIR] [--repo NAME=PATH ...] [--insecure-listen]
//	handoverd token add NAME read|admin
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"

	"handover/internal/config"
	"handover/internal/token"
	"handover/server"
)

type repoFlags []config.Repo

func (r *repoFlags) String() string { return fmt.Sprint(*r) }
func (r *repoFlags) Set(s string) error {
	rp, err := config.ParseRepoFlag(s)
	if err != nil {
		return err
	}
	*r = append(*r, rp)
	return nil
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "token" {
		os.Exit(tokenCommand(os.Args[2:]))
	}
	var (
		configPath = flag.String("config", "", "config file (default: handover.ini in the working directory, if present)")
		listen     = flag.String("listen", "", "address to serve gRPC on (default 127.0.0.1:7457)")
		dataDir    = flag.String("data", "", "directory for the index (default ./data)")
		verbose    = flag.Bool("v", false, "log every call")
		insecure   = flag.Bool("insecure-listen", false, "serve a non-loopback address without TLS and tokens (logged as a warning at every start)")
		repos      repoFlags
	)
	flag.Var(&repos, "repo", "repository to index as NAME=PATH; repeatable, overrides the config's repository of that name")
	flag.Parse()

	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	cfg, err := loadConfig(*configPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "handoverd:", err)
		os.Exit(2)
	}
	if *listen != "" {
		cfg.Listen = *listen
	}
	if *dataDir != "" {
		cfg.SetDataDir(*dataDir)
	}
	cfg.Service.InsecureListen = *insecure
	cfg.Repos = mergeRepos(cfg.Repos, repos)
	if len(cfg.Repos) == 0 {
		log.Warn("no repositories configured: add [repo] sections to handover.ini or pass --repo NAME=PATH")
	}

	lis, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		fmt.Fprintln(os.Stderr, "handoverd:", err)
		os.Exit(1)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := server.Run(ctx, cfg, lis, log); err != nil {
		fmt.Fprintln(os.Stderr, "handoverd:", err)
		os.Exit(1)
	}
}

func loadConfig(path string) (*config.Config, error) {
	if path != "" {
		return config.Load(path)
	}
	if _, err := os.Stat("handover.ini"); err == nil {
		return config.Load("handover.ini")
	}
	return config.Default(), nil
}

// mergeRepos lets --repo flags replace configured repositories of the same
// name and add new ones.
func mergeRepos(configured, flags []config.Repo) []config.Repo {
	out := append([]config.Repo{}, configured...)
next:
	for _, f := range flags {
		for i := range out {
			if out[i].Name == f.Name {
				out[i] = f
				continue next
			}
		}
		out = append(out, f)
	}
	return out
}

// tokenCommand is `handoverd token add NAME SCOPE`: it prints a new token
// once, on stdout, and the line to append to the token file on stderr.
func tokenCommand(args []string) int {
	if len(args) != 3 || args[0] != "add" {
		fmt.Fprintln(os.Stderr, "usage: handoverd token add NAME read|admin")
		return 2
	}
	scope, err := token.ParseScope(args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "handoverd:", err)
		return 2
	}
	tok, line, err := token.New(args[1], scope)
	if err != nil {
		fmt.Fprintln(os.Stderr, "handoverd:", err)
		return 2
	}
	fmt.Println(tok)
	fmt.Fprintf(os.Stderr, "The token above is shown once: give it to %s (HANDOVER_TOKEN or --token-file).\nAppend this line to the [server] tokens file; handoverd reads it again within a second:\n\n%s\n", args[1], line)
	return 0
}
