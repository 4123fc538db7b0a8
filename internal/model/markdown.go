package model

// Step is one item of a procedure, with its nested steps.
type Step struct {
	Marker string `json:"marker"` // as written: "1.", "2)", "-", "*"
	Text   string `json:"text"`   // the item's own text as written, without nested lists
	Source Source `json:"source"`
	Steps  []Step `json:"steps,omitempty"`
}

// Procedure is a run of steps under one heading: the whole SOP for a single
// numbered list, or "Diagnosis" and "Mitigation" in a runbook.
type Procedure struct {
	Heading string `json:"heading,omitempty"` // empty when the steps sit under the title
	Steps   []Step `json:"steps"`
}

// Section is a heading and the markdown below it up to the next heading of
// the same or a higher level.
type Section struct {
	Heading string `json:"heading"`
	Level   int    `json:"level"`
	Text    string `json:"text"` // the body as written, markdown source
	Source  Source `json:"source"`
}

// SOP is a standard operating procedure.
type SOP struct {
	Title    string   `json:"title"`
	Source   Source   `json:"source"`
	Owners   []string `json:"owners,omitempty"`
	Tags     []string `json:"tags,omitempty"`
	Reviewed string   `json:"reviewed,omitempty"` // last review date, YYYY-MM-DD
	// ReviewedLine is the line that gives the review date, 0 without one.
	ReviewedLine int         `json:"reviewed_line,omitempty"`
	Summary      string      `json:"summary,omitempty"` // the text before the first step or section
	Steps        []Procedure `json:"steps"`
	Sections     []Section   `json:"sections,omitempty"`
	Links        []Link      `json:"links,omitempty"`
}

// Incident categories, the client guide's three kinds of mistakes.
const (
	CategoryKnowledgeTransfer = "knowledge-transfer"
	CategoryExperience        = "experience"
	CategoryEmergency         = "emergency"
)

// Incident is an incident report or postmortem.
type Incident struct {
	Title    string   `json:"title"`
	Source   Source   `json:"source"`
	Date     string   `json:"date,omitempty"` // YYYY-MM-DD
	People   []string `json:"people,omitempty"`
	Hours    float64  `json:"hours,omitempty"` // hours to resolve
	Category string   `json:"category,omitempty"`
	Severity string   `json:"severity,omitempty"`
	SOP      string   `json:"sop,omitempty"` // the SOP it produced, as written: a path or a title

	Summary     string `json:"summary,omitempty"`
	RootCause   string `json:"root_cause,omitempty"`
	Involvement string `json:"involvement,omitempty"`
	Reaction    string `json:"reaction,omitempty"`
	Fix         string `json:"fix,omitempty"`
	FollowUp    string `json:"follow_up,omitempty"`

	Sections []Section `json:"sections,omitempty"`
	Links    []Link    `json:"links,omitempty"`
}

// Doc is any other markdown file, indexed by its sections.
type Doc struct {
	Title    string    `json:"title"`
	Source   Source    `json:"source"`
	Sections []Section `json:"sections,omitempty"`
	Links    []Link    `json:"links,omitempty"`
	// Data says it is a YAML data file (a DNS zone, a manifest), not prose:
	// found by search, weighed less by ask, never an SOP.
	Data bool `json:"data,omitempty"`
}

// MarkdownFile is what one markdown file was read as: exactly one of SOP,
// Incident and Doc is set. Problems say what could not be read (a broken
// front matter, a bad date); the file is still indexed as far as it goes.
type MarkdownFile struct {
	SOP      *SOP      `json:"sop,omitempty"`
	Incident *Incident `json:"incident,omitempty"`
	Doc      *Doc      `json:"doc,omitempty"`
	Problems []Problem `json:"problems,omitempty"`
}
