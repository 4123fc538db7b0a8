package server

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"handover/client"
	"handover/internal/config"
	pb "handover/proto/handover/v1"
)

// liveRepo is a repository on disk that a test changes under a running
// server.
type liveRepo struct {
	t    testing.TB
	root string
}

func (r liveRepo) write(rel, text string) {
	r.t.Helper()
	p := filepath.Join(r.root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

// hits returns what a search for q finds: each hit as kind:path:name.
func hits(t testing.TB, c *client.Client, q string, kind pb.DocumentKind) ([]string, int64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := c.Search.Search(ctx, &pb.SearchRequest{Query: q, Filter: &pb.SearchFilter{Kind: kind}, PageSize: 200})
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	var out []string
	for _, h := range resp.GetHits() {
		switch {
		case h.GetSop() != nil:
			out = append(out, "sop:"+h.GetSop().GetSource().GetPath()+":"+h.GetSop().GetTitle())
		case h.GetHost() != nil:
			out = append(out, "host:"+h.GetHost().GetSource().GetPath()+":"+h.GetHost().GetName())
		case h.GetDoc() != nil:
			out = append(out, "doc:"+h.GetDoc().GetSource().GetPath()+":"+h.GetDoc().GetTitle())
		default:
			out = append(out, h.GetKind().String()+":"+h.GetId())
		}
	}
	slices.Sort(out)
	return out, resp.GetTotal()
}

// eventually waits until ok holds of a search for q, and returns how long
// that took.
func eventually(t testing.TB, c *client.Client, q string, kind pb.DocumentKind, what string, ok func(hits []string, total int64) bool) time.Duration {
	t.Helper()
	start := time.Now()
	var got []string
	for time.Since(start) < 20*time.Second {
		var total int64
		got, total = hits(t, c, q, kind)
		if ok(got, total) {
			return time.Since(start)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s: not seen in 20s; search %q finds %v", what, q, got)
	return 0
}

func startLive(t *testing.T) (liveRepo, *client.Client) {
	t.Helper()
	r := liveRepo{t: t, root: t.TempDir()}
	r.write("hosts.ini", inventory)
	r.write("sops/README.md", "# SOPs\n\nHow we write them.\n")
	s := startService(t, config.Service{}, r.root)
	return r, dial(t, client.Options{Addr: s.addr})
}

// TestLiveIndexFollowsFiles: with the server running, a file added,
// changed, renamed and deleted, and a host added to an inventory, are each
// found in answers without a reindex, and the old versions are not.
func TestLiveIndexFollowsFiles(t *testing.T) {
	r, c := startLive(t)
	sop := pb.DocumentKind_DOCUMENT_KIND_SOP
	has := func(want ...string) func([]string, int64) bool {
		return func(got []string, _ int64) bool { return slices.Equal(got, want) }
	}

	r.write("sops/cache.md", "# Flush the zebrafinch cache\n\n## Steps\n\n1. Run `cache-flush` on jenkins01.\n")
	eventually(t, c, "zebrafinch", sop, "added SOP", has("sop:sops/cache.md:Flush the zebrafinch cache"))

	r.write("sops/cache.md", "# Flush the okapi cache\n\n## Steps\n\n1. Run `cache-flush` on jenkins01.\n")
	eventually(t, c, "okapi", sop, "changed SOP", has("sop:sops/cache.md:Flush the okapi cache"))
	eventually(t, c, "zebrafinch", sop, "changed SOP's old title", has())

	if err := os.Rename(filepath.Join(r.root, "sops/cache.md"), filepath.Join(r.root, "sops/cache-okapi.md")); err != nil {
		t.Fatal(err)
	}
	eventually(t, c, "okapi", sop, "renamed SOP", has("sop:sops/cache-okapi.md:Flush the okapi cache"))

	if err := os.Remove(filepath.Join(r.root, "sops/cache-okapi.md")); err != nil {
		t.Fatal(err)
	}
	eventually(t, c, "okapi", sop, "deleted SOP", has())

	b, err := os.ReadFile(filepath.Join(r.root, "hosts.ini"))
	if err != nil {
		t.Fatal(err)
	}
	r.write("hosts.ini", string(b)+"\n[prod-ci]\n# capybara build agent\ncapybara01.prod.example.com\n")
	eventually(t, c, "capybara", pb.DocumentKind_DOCUMENT_KIND_HOST, "added host", has("host:hosts.ini:capybara01.prod.example.com"))

	// A directory made after the start is watched too.
	r.write("runbooks/new/restart.md", "# Restart the wombat service\n\nRun `systemctl restart wombat`.\n")
	eventually(t, c, "wombat", pb.DocumentKind_DOCUMENT_KIND_UNSPECIFIED, "file in a new directory", func(got []string, _ int64) bool { return len(got) > 0 })
	r.write("runbooks/new/later.md", "# Feed the quokka\n\nEvery morning.\n")
	eventually(t, c, "quokka", pb.DocumentKind_DOCUMENT_KIND_UNSPECIFIED, "later file in the new directory", func(got []string, _ int64) bool { return len(got) > 0 })
}

// TestLiveIndexBurst: 100 files written at once are all found, each once.
func TestLiveIndexBurst(t *testing.T) {
	r, c := startLive(t)
	for i := range 100 {
		r.write(fmt.Sprintf("docs/burst/note-%03d.md", i), fmt.Sprintf("# Note %d about the pangolin\n\nPangolin fact number %d.\n", i, i))
	}
	eventually(t, c, "pangolin", pb.DocumentKind_DOCUMENT_KIND_UNSPECIFIED, "100 files", func(got []string, total int64) bool { return total == 100 })
	// and a burst of changes to them, each visible once
	for i := range 100 {
		r.write(fmt.Sprintf("docs/burst/note-%03d.md", i), fmt.Sprintf("# Note %d about the armadillo\n\nArmadillo fact number %d.\n", i, i))
	}
	eventually(t, c, "armadillo", pb.DocumentKind_DOCUMENT_KIND_UNSPECIFIED, "100 changed files", func(got []string, total int64) bool { return total == 100 })
	eventually(t, c, "pangolin", pb.DocumentKind_DOCUMENT_KIND_UNSPECIFIED, "100 old versions gone", func(got []string, total int64) bool { return total == 0 })
}

// TestLiveIndexConsistentUnderQueries: while an inventory of 50 hosts is
// replaced by its next generation again and again, 4 clients query it
// without pause: no query fails, and every answer holds exactly one
// generation's 50 hosts, never a mix or a part.
func TestLiveIndexConsistentUnderQueries(t *testing.T) {
	r, c := startLive(t)
	const hosts, generations = 50, 15
	gen := func(g int) string {
		var b strings.Builder
		b.WriteString("[probe]\n")
		for i := range hosts {
			fmt.Fprintf(&b, "# consistency probe\ngen%02d-host%02d.example.com\n", g, i)
		}
		return b.String()
	}
	r.write("probe/hosts.ini", gen(0))
	host := pb.DocumentKind_DOCUMENT_KIND_HOST
	eventually(t, c, "consistency", host, "generation 0", func(_ []string, total int64) bool { return total == hosts })

	var failures atomic.Int64
	var queries atomic.Int64
	var first atomic.Value
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		qc := dial(t, client.Options{Addr: c.Addr()})
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				resp, err := qc.Search.Search(ctx, &pb.SearchRequest{Query: "consistency", Filter: &pb.SearchFilter{Kind: host}, PageSize: 200})
				cancel()
				queries.Add(1)
				if err != nil {
					failures.Add(1)
					first.CompareAndSwap(nil, err.Error())
					continue
				}
				gens := map[string]int{}
				for _, h := range resp.GetHits() {
					gens[strings.SplitN(h.GetHost().GetName(), "-", 2)[0]]++
				}
				if resp.GetTotal() != hosts || len(resp.GetHits()) != hosts || len(gens) != 1 {
					failures.Add(1)
					first.CompareAndSwap(nil, fmt.Sprintf("total %d, hits %d, generations %v", resp.GetTotal(), len(resp.GetHits()), gens))
				}
			}
		})
	}
	for g := 1; g <= generations; g++ {
		r.write("probe/hosts.ini", gen(g))
		want := fmt.Sprintf("host:probe/hosts.ini:gen%02d-host00.example.com", g)
		eventually(t, c, "consistency", host, fmt.Sprintf("generation %d", g), func(got []string, total int64) bool {
			return total == hosts && slices.Contains(got, want)
		})
	}
	close(stop)
	wg.Wait()
	t.Logf("%d queries during %d generations", queries.Load(), generations)
	if n := failures.Load(); n > 0 {
		t.Errorf("%d of %d queries failed or saw a part of a change; the first: %v", n, queries.Load(), first.Load())
	}
	if queries.Load() < 4*generations {
		t.Errorf("only %d queries ran", queries.Load())
	}
}
