package ingest

import (
	"context"
	"fmt"
	"testing"

	"handover/internal/config"
)

// BenchmarkSnapshotShapes reads 5,000 markdown files kept where real teams
// keep them (alerts/<operator>/, docs/guides/, content/issues/), so that
// their shape, not their folder, makes them runbooks and incidents.
func BenchmarkSnapshotShapes(b *testing.B) {
	root := b.TempDir()
	write := fileWriter(b, root)
	write("inventories/production/hosts", "[web]\nweb0001 ansible_host=10.0.0.1\n")
	for i := range 5000 {
		switch i % 4 {
		case 0:
			write(fmt.Sprintf("alerts/op%d/KubeThing%04dDown.md", i%7, i), fmt.Sprintf("# KubeThing%04dDown\n\n## Meaning\n\nweb0001 is down.\n\n## Mitigation\n\n1. Check logs\n   ```\n   kubectl logs x\n   ```\n2. Restart\n", i))
		case 1:
			write(fmt.Sprintf("content/issues/2025-01-%02d-i%04d.md", i%28+1, i), fmt.Sprintf("---\ntitle: API outage %d\ndate: 2025-01-%02d\nseverity: down\n---\nThe API was down.\n", i, i%28+1))
		case 2:
			write(fmt.Sprintf("docs/ops/restart-%04d.md", i), fmt.Sprintf("# Restart service %d\n\nSave the logs:\n\n```\nkubectl logs x\n```\n\nRestart it:\n\n```\nkubectl rollout restart deploy/x\n```\n", i))
		default:
			write(fmt.Sprintf("docs/design/d%04d.md", i), fmt.Sprintf("# Design %d\n\nWhy.\n\n## Details\n\n- a\n- b\n\n## More\n\nText.\n\n## Even more\n\nText.\n", i))
		}
	}
	rp := config.Repo{Name: "bench", Path: root}
	b.ResetTimer()
	for b.Loop() {
		snap, err := Snapshot(context.Background(), rp, nil)
		if err != nil {
			b.Fatal(err)
		}
		if len(snap.SOPs) != 2500 || len(snap.Incidents) != 1250 || len(snap.Docs) != 1250 {
			b.Fatalf("read %d SOPs, %d incidents, %d docs", len(snap.SOPs), len(snap.Incidents), len(snap.Docs))
		}
	}
}
