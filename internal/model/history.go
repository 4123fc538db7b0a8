package model

import "time"

// Commit is one git commit, as much of it as handover shows.
type Commit struct {
	Hash    string    `json:"hash"`
	Author  string    `json:"author"`
	Email   string    `json:"email,omitempty"`
	Date    time.Time `json:"date"`
	Subject string    `json:"subject"` // the first line of the message
}

// AuthorStat is how much one person changed a file.
type AuthorStat struct {
	Name    string    `json:"name"`
	Email   string    `json:"email,omitempty"`
	Commits int       `json:"commits"`
	Last    time.Time `json:"last"` // their newest commit to the file
}

// FileHistory is what git says about one indexed file.
type FileHistory struct {
	Path    string       `json:"path"`
	Commits []Commit     `json:"commits,omitempty"` // the newest few, newest first
	Total   int          `json:"total"`             // commits that touched the file
	Authors []AuthorStat `json:"authors,omitempty"` // most commits first, then most recent
}

// LineChange is the last change of one line: git blame.
type LineChange struct {
	Commit
	Line int `json:"line"`
}

// OwnerRule is one line of a CODEOWNERS or OWNERS file: who owns the
// paths matching Pattern.
type OwnerRule struct {
	Pattern string   `json:"pattern"`
	Owners  []string `json:"owners"` // @user, @org/team or an email, as written
	Source  Source   `json:"source"`
}

// History is what git says about a repository at the indexed HEAD.
type History struct {
	Head   Commit                  `json:"head"`
	Branch string                  `json:"branch,omitempty"`
	Remote string                  `json:"remote,omitempty"` // the URL it was cloned from, secrets removed
	Files  map[string]*FileHistory `json:"files,omitempty"`  // by path relative to the root
	// Lines are the last changes of the lines that declare something
	// (host lines, group headers, Terraform blocks), by path and line.
	Lines  map[string]map[int]LineChange `json:"lines,omitempty"`
	Owners []OwnerRule                   `json:"owners,omitempty"` // CODEOWNERS/OWNERS rules, in file order
}
