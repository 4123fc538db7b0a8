package lint

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"handover/internal/model"
)

var sampleFindings = []model.Finding{
	{Rule: ruleHostPurpose, Level: model.LevelWarning, Message: "host Host3 has no purpose comment", Fix: "add a comment",
		Source: model.Source{Path: "inventories/prod hosts.ini", Line: 34}},
	{Rule: ruleUndefinedChild, Level: model.LevelError, Message: "[x:children] lists y", Source: model.Source{Path: "hosts", Line: 7}},
	{Rule: ruleParseWarning, Level: model.LevelWarning, Message: "a whole-file warning", Source: model.Source{Path: "inv/x.ini"}},
	{Rule: ruleGroupName, Level: model.LevelNote, Message: "group name a-b has '-'", Source: model.Source{Path: "hosts", Line: 3}},
}

func TestWriteText(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteText(&buf, sampleFindings); err != nil {
		t.Fatal(err)
	}
	want := `inventories/prod hosts.ini:34: warning: host Host3 has no purpose comment [host-purpose]
    fix: add a comment
hosts:7: error: [x:children] lists y [undefined-child]
inv/x.ini: warning: a whole-file warning [parse-warning]
hosts:3: note: group name a-b has '-' [group-name]
1 error, 2 warnings, 1 note
`
	if buf.String() != want {
		t.Errorf("WriteText:\n%s\nwant:\n%s", buf.String(), want)
	}
	buf.Reset()
	if err := WriteText(&buf, nil); err != nil || buf.String() != "0 errors, 0 warnings, 0 notes\n" {
		t.Errorf("WriteText(nil) = %q, %v", buf.String(), err)
	}
}

func TestWriteJSON(t *testing.T) {
	for _, fs := range [][]model.Finding{sampleFindings, nil} {
		var buf bytes.Buffer
		if err := WriteJSON(&buf, fs); err != nil {
			t.Fatal(err)
		}
		var got struct {
			Findings []model.Finding `json:"findings"`
			Summary  map[string]int  `json:"summary"`
		}
		if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if got.Findings == nil || len(got.Findings) != len(fs) {
			t.Errorf("findings = %v, want %d (and [] for none)", got.Findings, len(fs))
		}
		wantSummary := map[string]int{"errors": 0, "warnings": 0, "notes": 0}
		if fs != nil {
			wantSummary = map[string]int{"errors": 1, "warnings": 2, "notes": 1}
		}
		for k, v := range wantSummary {
			if got.Summary[k] != v {
				t.Errorf("summary %s = %d, want %d (%s)", k, got.Summary[k], v, buf.String())
			}
		}
	}
}

// sarifDoc is what SARIF 2.1.0 requires of the log, as code scanning
// reads it.
type sarifDoc struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name  string `json:"name"`
				Rules []struct {
					ID                   string                 `json:"id"`
					ShortDescription     struct{ Text string }  `json:"shortDescription"`
					FullDescription      struct{ Text string }  `json:"fullDescription"`
					DefaultConfiguration struct{ Level string } `json:"defaultConfiguration"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID    *string `json:"ruleId"`
			RuleIndex *int    `json:"ruleIndex"`
			Level     string  `json:"level"`
			Message   struct {
				Text *string `json:"text"`
			} `json:"message"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI *string `json:"uri"`
					} `json:"artifactLocation"`
					Region *struct {
						StartLine int `json:"startLine"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
		} `json:"results"`
	} `json:"runs"`
}

func checkSARIF(t *testing.T, data []byte, fs []model.Finding, rules []Rule) {
	t.Helper()
	var doc sarifDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != "2.1.0" || !strings.Contains(doc.Schema, "sarif-2.1.0") || len(doc.Runs) != 1 {
		t.Fatalf("version %q, $schema %q, %d runs", doc.Version, doc.Schema, len(doc.Runs))
	}
	run := doc.Runs[0]
	if run.Tool.Driver.Name != "handover" || len(run.Tool.Driver.Rules) != len(rules) {
		t.Errorf("driver %q with %d rules, want handover with %d", run.Tool.Driver.Name, len(run.Tool.Driver.Rules), len(rules))
	}
	ids := map[string]int{}
	for i, r := range run.Tool.Driver.Rules {
		if r.ID == "" || r.ShortDescription.Text == "" || r.FullDescription.Text == "" {
			t.Errorf("rule %d: id %q, descriptions %q / %q", i, r.ID, r.ShortDescription.Text, r.FullDescription.Text)
		}
		switch r.DefaultConfiguration.Level {
		case "error", "warning", "note", "none":
		default:
			t.Errorf("rule %s: level %q", r.ID, r.DefaultConfiguration.Level)
		}
		ids[r.ID] = i
	}
	if len(run.Results) != len(fs) {
		t.Fatalf("%d results, want %d", len(run.Results), len(fs))
	}
	for i, res := range run.Results {
		f := fs[i]
		if res.RuleID == nil || *res.RuleID != f.Rule || res.Level != string(f.Level) || res.Message.Text == nil ||
			!strings.HasPrefix(*res.Message.Text, f.Message) {
			t.Errorf("result %d: %+v, want %+v", i, res, f)
			continue
		}
		if res.RuleIndex == nil || *res.RuleIndex != ids[f.Rule] {
			t.Errorf("result %d: ruleIndex %v, want %d", i, res.RuleIndex, ids[f.Rule])
		}
		if f.Fix != "" && !strings.Contains(*res.Message.Text, "Fix: "+f.Fix) {
			t.Errorf("result %d: message %q lacks the fix", i, *res.Message.Text)
		}
		if len(res.Locations) != 1 || res.Locations[0].PhysicalLocation.ArtifactLocation.URI == nil {
			t.Errorf("result %d: locations %+v", i, res.Locations)
			continue
		}
		loc := res.Locations[0].PhysicalLocation
		if uri := *loc.ArtifactLocation.URI; uri == "" || strings.Contains(uri, " ") {
			t.Errorf("result %d: uri %q", i, uri)
		}
		switch {
		case f.Source.Line > 0 && (loc.Region == nil || loc.Region.StartLine != f.Source.Line):
			t.Errorf("result %d: region %+v, want startLine %d", i, loc.Region, f.Source.Line)
		case f.Source.Line == 0 && loc.Region != nil:
			t.Errorf("result %d: a whole-file finding has region %+v", i, loc.Region)
		}
	}
}

func TestWriteSARIF(t *testing.T) {
	rules := Rules()
	rules[0].Level = model.LevelOff
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, sampleFindings, rules, "1.2.3"); err != nil {
		t.Fatal(err)
	}
	checkSARIF(t, buf.Bytes(), sampleFindings, rules)
	if !strings.Contains(buf.String(), `"uri": "inventories/prod%20hosts.ini"`) || !strings.Contains(buf.String(), `"version": "1.2.3"`) {
		t.Errorf("uri not escaped or version missing:\n%s", buf.String())
	}
	if !strings.Contains(buf.String(), `"enabled": false`) {
		t.Error("a rule switched off is not disabled in SARIF")
	}
	buf.Reset()
	if err := WriteSARIF(&buf, nil, Rules(), ""); err != nil {
		t.Fatal(err)
	}
	checkSARIF(t, buf.Bytes(), nil, Rules())
	if !strings.Contains(buf.String(), `"results": []`) {
		t.Errorf("no findings must still give a results array:\n%s", buf.String())
	}
}

// The SARIF golden of the seed is valid too.
func TestSeedSARIF(t *testing.T) {
	got := lintSeed(t, "inventory-after.ini")
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, got, Rules(), "test"); err != nil {
		t.Fatal(err)
	}
	checkSARIF(t, buf.Bytes(), got, Rules())
}

func TestHasErrors(t *testing.T) {
	if !HasErrors(sampleFindings) || HasErrors(sampleFindings[2:]) || HasErrors(nil) {
		t.Error("HasErrors is wrong")
	}
}
