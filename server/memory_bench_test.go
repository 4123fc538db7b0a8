package server

import (
	"context"
	"os"
	"testing"
	"time"

	"handover/client"
)

// BenchmarkDaemonMemory100k starts handoverd as its own process over an
// inventory of 100,000 hosts, waits until it is indexed, asks for one
// host, and reports the process's peak RSS (VmHWM) and its RSS once idle.
//
//	go test -run '^$' -bench DaemonMemory100k -benchtime 1x ./server/
func BenchmarkDaemonMemory100k(b *testing.B) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		b.Skip("RSS is read from /proc")
	}
	repo := loadRepo(b, 100_000)
	for b.Loop() {
		start := time.Now()
		s, pid := startDaemon(b, repo)
		indexed := time.Since(start)
		c := dial(b, client.Options{Addr: s.addr})
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		hosts, err := c.FindHosts(ctx, "web99999.prod.example.internal", "")
		cancel()
		if err != nil || len(hosts) != 1 {
			b.Fatalf("host web99999: %v %v", hosts, err)
		}
		b.ReportMetric(float64(peakRSS(b, pid))/(1<<20), "peak-RSS-MB")
		b.ReportMetric(float64(currentRSS(b, pid))/(1<<20), "idle-RSS-MB")
		b.ReportMetric(indexed.Seconds(), "s-to-ready")
	}
}
