package model

// Rel names how a Link joins two documents. Every link is stored on both
// ends, with the inverse rel on the other one.
type Rel string

const (
	RelCreatedBy   Rel = "created-by"   // host -> the Terraform resource that creates it
	RelCreates     Rel = "creates"      // resource -> host
	RelMentions    Rel = "mentions"     // incident or SOP -> host, group or resource
	RelMentionedIn Rel = "mentioned-in" // host, group or resource -> incident or SOP
	RelProduced    Rel = "produced"     // incident -> the SOP it produced
	RelProducedBy  Rel = "produced-by"  // SOP -> incident
	RelRuns        Rel = "runs"         // host or play -> the play or role it runs
	RelRunsOn      Rel = "runs-on"      // play or role -> the host or play it runs on
	RelRunbook     Rel = "runbook"      // alert -> the SOP its runbook_url or name names
	RelRunbookFor  Rel = "runbook-for"  // SOP -> an alert it is the runbook of
)

// Link points from one document to another.
type Link struct {
	Rel    Rel    `json:"rel"`
	Kind   Kind   `json:"kind"`          // the other end's kind
	Name   string `json:"name"`          // its name: host, address, title
	Source Source `json:"source"`        // where it is declared
	Via    string `json:"via,omitempty"` // what matched: "Name tag jenkins01", "private_ip 10.0.1.12"
}

// LinksOf returns the links of an item of a kind that has them, nil for
// the others.
func LinksOf(it Item) *[]Link {
	switch x := it.(type) {
	case *Host:
		return &x.Links
	case *Group:
		return &x.Links
	case *Resource:
		return &x.Links
	case *SOP:
		return &x.Links
	case *Incident:
		return &x.Links
	case *Play:
		return &x.Links
	case *Role:
		return &x.Links
	case *Alert:
		return &x.Links
	case *InventorySource:
		return &x.Links
	}
	return nil
}
