package link

import (
	"net/url"
	"path"
	"strings"

	"handover/internal/model"
)

// runbooks links each alert to the SOP that is its runbook (runbook /
// runbook-for): the SOP its runbook_url points to, else the SOP titled,
// or named, as the alert.
func (g *graph) runbooks() {
	for _, a := range g.snap.Alerts {
		sop, via := RunbookOf(a, g.snap.SOPs)
		if sop == nil {
			continue
		}
		g.touch(a, &a.Links)
		g.touch(sop, &sop.Links)
		a.Links = append(a.Links, model.Link{Rel: model.RelRunbook, Kind: model.KindSOP, Name: sop.Title, Source: sop.Source, Via: via})
		sop.Links = append(sop.Links, model.Link{Rel: model.RelRunbookFor, Kind: model.KindAlert, Name: a.Name, Source: a.Source, Via: via})
	}
}

// RunbookOf is the SOP among sops that is a's runbook, and how it was
// found; nil when none is, or when the URL's file name fits several SOPs
// equally well (a wrong runbook misleads more than none).
//
// A runbook_url names an SOP when the last segments of its path (of a
// URL, a repository-relative path or a ../ path; without a fragment,
// query or extension) are the last segments of the SOP's path, compared
// without case: ".../blob/main/sops/disk-full.md" is sops/disk-full.md,
// ".../runbooks/kubernetes/kubepodcrashlooping" is
// docs/runbooks/kubernetes/KubePodCrashLooping.md. The most segments win.
func RunbookOf(a *model.Alert, sops []*model.SOP) (*model.SOP, string) {
	if segs := urlSegments(a.RunbookURL); len(segs) > 0 {
		var best []*model.SOP
		most := 0
		for _, s := range sops {
			n := commonTail(segs, pathSegments(s.Source.Path))
			switch {
			case n == 0 || n < most:
			case n > most:
				best, most = []*model.SOP{s}, n
			default:
				best = append(best, s)
			}
		}
		if len(best) == 1 {
			return best[0], "runbook_url"
		}
	}
	var named []*model.SOP
	for _, s := range sops {
		if strings.EqualFold(s.Title, a.Name) || strings.EqualFold(stem(path.Base(s.Source.Path)), a.Name) {
			named = append(named, s)
		}
	}
	if len(named) == 1 {
		return named[0], "alert name"
	}
	return nil, ""
}

// urlSegments are the lower-case path segments of a runbook_url, the last
// without its extension; none when it has no path worth matching.
func urlSegments(raw string) []string {
	p := raw
	if u, err := url.Parse(raw); err == nil {
		p = u.Path
	} else if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	return pathSegments(p)
}

// pathSegments splits a path into lower-case segments, dropping "." and
// "..", and the last segment's extension; an index page or README names
// its directory.
func pathSegments(p string) []string {
	var out []string
	for _, s := range strings.Split(strings.ToLower(p), "/") {
		if s != "" && s != "." && s != ".." {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil
	}
	last := stem(out[len(out)-1])
	switch last {
	case "readme", "index", "_index":
		out = out[:len(out)-1]
	default:
		out[len(out)-1] = last
	}
	return out
}

// stem drops every extension: disk-full.md.erb is disk-full.
func stem(name string) string {
	if i := strings.IndexByte(name, '.'); i > 0 {
		return name[:i]
	}
	return name
}

// commonTail is how many last segments a and b share.
func commonTail(a, b []string) int {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	return n
}
