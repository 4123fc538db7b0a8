package index

import (
	"context"
	"errors"
	"testing"

	"handover/internal/model"
)

// Each reads every match across pages, in index order, stops when asked
// and reports errors of the index.
func TestEach(t *testing.T) {
	s := openStore(t, t.TempDir())
	replace(t, s, genSnapshot("r", 450))
	ctx := context.Background()

	var names []string
	err := s.Each(ctx, Filter{Repo: "r", Kind: string(model.KindHost)}, func(h Hit) bool {
		host, ok := h.Item.(*model.Host)
		if !ok {
			t.Fatalf("hit %s carries %v", h.ID, h.Item)
		}
		names = append(names, host.Name)
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Search(ctx, Query{Filter: Filter{Repo: "r", Kind: string(model.KindHost)}})
	if err != nil {
		t.Fatal(err)
	}
	if uint64(len(names)) != res.Total || len(names) <= maxPageSize {
		t.Errorf("Each read %d hosts, want all %d (more than a page)", len(names), res.Total)
	}
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			t.Errorf("host %s read twice", n)
		}
		seen[n] = true
	}

	n := 0
	if err := s.Each(ctx, Filter{Repo: "r"}, func(Hit) bool { n++; return n < 3 }); err != nil || n != 3 {
		t.Errorf("stopping after 3: read %d, err %v", n, err)
	}
	if err := s.Each(ctx, Filter{Repo: "nope"}, func(Hit) bool { return true }); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown repository: %v, want ErrNotFound", err)
	}
	tooMany := &TooManyError{Filter: Filter{Repo: "r", Kind: "host"}, Limit: 10}
	if got := tooMany.Error(); got != `repository "r" has more than 10 hosts` {
		t.Errorf("TooManyError says %q", got)
	}
}
