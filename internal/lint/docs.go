package lint

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"handover/internal/link"
	"handover/internal/model"
)

// The client's guide: every mistake becomes an incident report with its
// analysis (root cause, the person's involvement, their reaction, the
// technical fix), and the analysed case becomes a numbered SOP to follow
// in the next emergency.

func (c *checker) sop(s *model.SOP) {
	var steps []model.Step
	for _, p := range s.Steps {
		steps = append(steps, p.Steps...)
	}
	switch {
	case len(steps) == 0:
		c.report(ruleSOPSteps, s.Source, "write the procedure as a numbered list: 1. 2. 3., with sub-steps nested below",
			"SOP %q has no steps: an SOP is a numbered list of what to do", s.Title)
	case !anyNumbered(steps):
		c.report(ruleSOPSteps, steps[0].Source, "number the steps (1. 2. 3.) so people can say \"done up to step 4\"",
			"SOP %q has steps, but they are not numbered", s.Title)
	}
	if len(s.Owners) == 0 {
		c.report(ruleSOPOwner, s.Source, "add \"owner: NAME\" to the front matter (or an \"**Owner:** NAME\" line under the title)",
			"SOP %q has no owner: someone must keep it true", s.Title)
	}
	c.sopReview(s)
}

func anyNumbered(steps []model.Step) bool {
	for _, st := range steps {
		if st.Marker != "" && st.Marker[0] >= '0' && st.Marker[0] <= '9' {
			return true
		}
	}
	return false
}

// sopReview reports an SOP without a review date, or one reviewed longer
// ago than the limit: at the line that gives the date (where the fix goes),
// naming the SOP's title line too.
func (c *checker) sopReview(s *model.SOP) {
	limit := humanDays(c.maxAge)
	fix := fmt.Sprintf("review the steps against how things run today and record the date: \"reviewed: %s\" in the front matter", c.now.Format(time.DateOnly))
	if s.Reviewed == "" {
		c.report(ruleSOPReview, s.Source, fix, "SOP %q has no review date: nobody can tell whether it still applies (the limit is %s)", s.Title, limit)
		return
	}
	at, title := s.Source, ""
	if s.ReviewedLine > 0 && s.ReviewedLine != s.Source.Line {
		at.Line = s.ReviewedLine
		title = "; its title is at " + s.Source.String()
	}
	reviewed, err := time.ParseInLocation(time.DateOnly, s.Reviewed, c.now.Location())
	if err != nil {
		c.report(ruleSOPReview, at, fix, "SOP %q has review date %q, which is not a date like 2025-01-31%s", s.Title, s.Reviewed, title)
		return
	}
	if age := c.now.Sub(reviewed); age > c.maxAge {
		c.report(ruleSOPReview, at, fix, "SOP %q was last reviewed on %s, %s ago (the limit is %s)%s", s.Title, s.Reviewed, HumanAge(age), limit, title)
	}
}

// HumanAge says how long ago, roughly: 45 days, 14 months, 3 years.
func HumanAge(d time.Duration) string {
	days := int(d.Hours() / 24)
	switch {
	case days < 60:
		return plural(days, "day")
	case days < 730:
		return plural(days/30, "month")
	}
	return plural(days/365, "year")
}

func humanDays(d time.Duration) string { return plural(int(d.Hours()/24), "day") }

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func (c *checker) incident(inc *model.Incident) {
	var missing []string
	for _, s := range []struct{ name, text string }{
		{"root cause", inc.RootCause}, {"involvement", inc.Involvement}, {"reaction", inc.Reaction}, {"fix", inc.Fix},
	} {
		if strings.TrimSpace(s.text) == "" {
			missing = append(missing, s.name)
		}
	}
	if len(missing) > 0 {
		headings := make([]string, len(missing))
		for i, m := range missing {
			headings[i] = "## " + strings.ToUpper(m[:1]) + m[1:]
		}
		c.report(ruleIncidentSections, inc.Source,
			fmt.Sprintf("add %s: what caused it, how the person was involved, how they reacted, and what technical means fixed it", joinAnd(headings)),
			"incident report %q has no %s section: the analysis is what turns the case into an SOP", inc.Title, joinOr(missing))
	}
	ref := strings.TrimSpace(inc.SOP)
	switch {
	case ref == "":
		c.report(ruleIncidentSOP, inc.Source, "add \"sop: path/to/the-sop.md\" (or the SOP's title) to the front matter; write the SOP first if there is none",
			"incident report %q does not name the SOP it produced", inc.Title)
	case !c.sopExists(inc, ref):
		c.report(ruleIncidentSOP, inc.Source, "fix the path (from the repository root or from the report's folder) or the title, or write the SOP",
			"incident report %q names SOP %q, which is not in the repository", inc.Title, ref)
	}
}

// sopExists reports whether an incident's SOP reference names an SOP of
// the snapshot (as link.Build matches them), or failing that a file on
// disk: linting one report alone reads no SOPs.
func (c *checker) sopExists(inc *model.Incident, ref string) bool {
	for _, l := range inc.Links {
		if l.Rel == model.RelProduced {
			return true
		}
	}
	for _, s := range c.snap.SOPs {
		if s != nil && link.SameSOP(ref, inc.Source.Path, s) {
			return true
		}
	}
	if c.root == "" {
		return false
	}
	ref = strings.TrimPrefix(ref, "/")
	for _, p := range []string{path.Clean(ref), path.Join(path.Dir(inc.Source.Path), ref)} {
		if p == ".." || strings.HasPrefix(p, "../") {
			continue // outside the repository
		}
		for _, candidate := range []string{p, p + ".md"} {
			if fi, err := os.Stat(filepath.Join(c.root, filepath.FromSlash(candidate))); err == nil && !fi.IsDir() {
				return true
			}
		}
	}
	return false
}

// joinOr joins "a", "b or c".
func joinOr(parts []string) string {
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}
