package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkLSPHover is the round trip of a hover through handover lsp
// and handoverd, on the example's host lines.
func BenchmarkLSPHover(b *testing.B) {
	const root = "../../examples/acme-infra"
	s := startLSP(b, serveExample(b), root)
	abs, _ := filepath.Abs(root)
	hosts := "file://" + filepath.Join(abs, "inventories/production/hosts.ini")
	var took []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		if got := s.call("textDocument/hover", at(hosts, 31+2*(i%4), 3)); !strings.Contains(got, "markdown") {
			b.Fatalf("hover: %s", got)
		}
		took = append(took, time.Since(start))
	}
	reportPercentiles(b, took, 0.50, 0.95)
}

// BenchmarkLSPDiagnostics is the time from opening a 5,000-line inventory
// buffer to its lint diagnostics: hosts that keep the conventions (a few
// findings), and hosts without SSH key and python (two findings each).
func BenchmarkLSPDiagnostics(b *testing.B) {
	for _, bb := range []struct {
		name, hostVars string
	}{
		{"conforming", " ansible_ssh_private_key_file=keys/prod.pem ansible_python_interpreter=/usr/bin/python3"},
		{"finding-per-host", ""},
	} {
		b.Run(bb.name, func(b *testing.B) {
			root := b.TempDir()
			inv := inventoryLines(5000, bb.hostVars)
			if err := os.WriteFile(filepath.Join(root, "hosts.ini"), []byte(inv), 0o644); err != nil {
				b.Fatal(err)
			}
			s := startLSP(b, serveRepo(b, root), root)
			uri := "file://" + filepath.Join(root, "hosts.ini")
			var took []time.Duration
			cpu0 := cpuTime(os.Getpid()) + cpuTime(s.cmd.Process.Pid)
			for i := 0; b.Loop(); i++ {
				start := time.Now()
				s.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "ini", "version": i, "text": inv}})
				s.diagnostics(uri)
				took = append(took, time.Since(start))
			}
			reportPercentiles(b, took, 0.50, 0.95)
			// What the machine's load does not change: the CPU time of
			// handoverd, handover lsp and the editor's end (this process
			// holds handoverd and the editor) per diagnostics.
			if cpu0 >= 0 {
				cpu := cpuTime(os.Getpid()) + cpuTime(s.cmd.Process.Pid) - cpu0
				b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(took)), "cpu-ms/op")
			}
		})
	}
}

// inventoryLines returns an INI inventory of at least n lines: groups of
// 49 hosts, each with its purpose comment and hostVars.
func inventoryLines(n int, hostVars string) string {
	var inv strings.Builder
	for g := 0; strings.Count(inv.String(), "\n") < n; g++ {
		fmt.Fprintf(&inv, "[prod-app%d]\n", g)
		for h := 0; h < 49; h++ {
			fmt.Fprintf(&inv, "# app server %d of group %d\napp%d-%02d.prod ansible_host=10.0.%d.%d%s\n", h, g, g, h, g, h, hostVars)
		}
	}
	return inv.String()
}

// reportPercentiles reports the percentiles of took in milliseconds.
func reportPercentiles(b *testing.B, took []time.Duration, ps ...float64) {
	slices.Sort(took)
	for _, p := range ps {
		d := took[min(int(float64(len(took))*p), len(took)-1)]
		b.ReportMetric(float64(d.Microseconds())/1000, fmt.Sprintf("p%d-ms", int(p*100)))
	}
}

// cpuTime is the user and system CPU time process pid has used, from
// Linux's /proc; negative where there is none.
func cpuTime(pid int) time.Duration {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return -1 << 40
	}
	// The fields after the command's closing parenthesis: utime and stime
	// are the 12th and 13th, in clock ticks of 1/100 s.
	f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
	if len(f) < 13 {
		return -1 << 40
	}
	utime, _ := strconv.Atoi(f[11])
	stime, _ := strconv.Atoi(f[12])
	return time.Duration(utime+stime) * 10 * time.Millisecond
}
