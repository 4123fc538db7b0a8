package model

// Level is how much a lint finding matters, as SARIF names it.
type Level string

const (
	LevelError   Level = "error"
	LevelWarning Level = "warning"
	LevelNote    Level = "note"
	LevelOff     Level = "off" // a rule switched off in handover.ini
)

// Finding is a convention problem found by a lint rule: what is wrong,
// where, and how to fix it.
type Finding struct {
	Rule    string `json:"rule"` // stable ID, e.g. host-purpose
	Level   Level  `json:"level"`
	Message string `json:"message"`
	Source  Source `json:"source"`
	Fix     string `json:"fix,omitempty"` // a hint, in one sentence
}
