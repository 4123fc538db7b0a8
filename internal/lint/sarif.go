package lint

import (
	"encoding/json"
	"io"
	"net/url"

	"handover/internal/model"
)

// SARIF 2.1.0, the subset code scanning (GitHub, GitLab, Azure DevOps)
// reads: one run, the rules as the tool's driver rules, and one result per
// finding with its file and line.

const (
	sarifVersion = "2.1.0"
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name    string      `json:"name"`
	Version string      `json:"version,omitempty"`
	Rules   []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	ShortDescription     sarifMessage       `json:"shortDescription"`
	FullDescription      sarifMessage       `json:"fullDescription"`
	Help                 sarifMessage       `json:"help"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
}

type sarifConfiguration struct {
	Enabled bool   `json:"enabled"`
	Level   string `json:"level"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex *int            `json:"ruleIndex,omitempty"`
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

// sarifLevel maps a level to SARIF's: off is "none".
func sarifLevel(l model.Level) string {
	if l == model.LevelOff {
		return "none"
	}
	return string(l)
}

// WriteSARIF writes fs as a SARIF 2.1.0 log of one run of handover
// (version is the tool's version, may be empty). rules are the rules to
// describe, with the levels they run at. Paths are relative to the
// repository root, %SRCROOT% in SARIF terms; a finding about a whole file
// has no region. The fix hint follows the message, since viewers show
// only the message.
func WriteSARIF(w io.Writer, fs []model.Finding, rules []Rule, version string) error {
	driver := sarifDriver{Name: "handover", Version: version, Rules: make([]sarifRule, 0, len(rules))}
	index := map[string]int{}
	for i, r := range rules {
		index[r.ID] = i
		driver.Rules = append(driver.Rules, sarifRule{
			ID:                   r.ID,
			ShortDescription:     sarifMessage{r.Summary},
			FullDescription:      sarifMessage{r.Help},
			Help:                 sarifMessage{r.Help},
			DefaultConfiguration: sarifConfiguration{Enabled: r.Level != model.LevelOff, Level: sarifLevel(r.Level)},
		})
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, Results: make([]sarifResult, 0, len(fs))}
	for _, f := range fs {
		res := sarifResult{RuleID: f.Rule, Level: sarifLevel(f.Level), Message: sarifMessage{f.Message}}
		if i, ok := index[f.Rule]; ok {
			res.RuleIndex = &i
		}
		if f.Fix != "" {
			res.Message.Text += "\nFix: " + f.Fix
		}
		loc := sarifPhysicalLocation{ArtifactLocation: sarifArtifactLocation{URI: (&url.URL{Path: f.Source.Path}).String(), URIBaseID: "%SRCROOT%"}}
		if f.Source.Line > 0 {
			loc.Region = &sarifRegion{StartLine: f.Source.Line}
		}
		res.Locations = []sarifLocation{{PhysicalLocation: loc}}
		run.Results = append(run.Results, res)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}
