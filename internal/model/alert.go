package model

// Alert is one alerting rule of a Prometheus rule file or a Kubernetes
// PrometheusRule manifest.
type Alert struct {
	Name        string `json:"name"`            // the rule's alert:
	Group       string `json:"group,omitempty"` // the rule group's name
	Source      Source `json:"source"`          // the alert: line
	Expr        string `json:"expr,omitempty"`
	For         string `json:"for,omitempty"`
	Severity    string `json:"severity,omitempty"` // labels.severity
	Summary     string `json:"summary,omitempty"`  // annotations.summary (or message)
	Description string `json:"description,omitempty"`
	RunbookURL  string `json:"runbook_url,omitempty"` // annotations.runbook_url, as written
	Links       []Link `json:"links,omitempty"`
}

// Runbook is the SOP an alert's links name as its runbook, if any.
func (a *Alert) Runbook() (Link, bool) {
	for _, l := range a.Links {
		if l.Rel == RelRunbook {
			return l, true
		}
	}
	return Link{}, false
}
