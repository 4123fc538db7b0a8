package index

import (
	"net"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/char/regexp"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"
)

// textAnalyzer is bleve's English analyzer that also splits words at
// underscores, so "workers" finds nginx_workers=8. It is stored in each
// index's mapping, so an index opened later analyses queries the same way.
const (
	textAnalyzer     = "handover_en"
	underscoreFilter = "underscore_space"
)

// Field names of the index. Every kind of document is indexed in the same
// generic shape, so a new kind needs a converter, not a new schema.
const (
	fieldRepo         = "repo"
	fieldKind         = "kind"
	fieldInventory    = "inventory" // the inventory (or other source file) the document comes from
	fieldPath         = "path"      // the file that declares it
	fieldLine         = "line"
	fieldName         = "name"
	fieldShortName    = "short_name" // a host's name up to the first dot (inventory_hostname_short), not for IPs
	fieldNameLower    = "name_lower" // the name and short name in lower case, for lookups that ignore case
	fieldEnv          = "env"
	fieldCloud        = "cloud"
	fieldPurpose      = "purpose"  // purpose groups, also without their env/cloud words
	fieldGroup        = "group"    // every group the document belongs to (or is)
	fieldHost         = "host"     // the host itself, or a group's direct members
	fieldProvider     = "provider" // a Terraform provider: aws, google
	fieldRegion       = "region"   // a resource's region or location
	fieldResourceType = "type"     // a resource's type: aws_instance
	fieldPerson       = "person"   // an incident's people, an SOP's owners
	fieldCategory     = "category" // an incident's category
	fieldSeverity     = "severity"
	fieldTag          = "tag"  // SOP tags, "key=value" resource tags
	fieldDate         = "date" // an incident's date, an SOP's last review, as Unix seconds

	fieldNameText    = "name_text"
	fieldPurposeText = "purpose_text" // purpose comment, group comment
	fieldGroupsText  = "groups_text"  // groups, env and cloud as words
	fieldVarsText    = "vars_text"    // "name=value" lines of the redacted variables
	fieldBodyText    = "body_text"    // SOP steps, incident and doc sections

	fieldDoc = "doc" // stored only: the JSON of the redacted model value
	// fieldMembers is stored only: a group's direct members, one per line.
	// They stay out of the group's JSON because decoding thousands of
	// names from JSON costs more than the rest of a query.
	fieldMembers = "members"
	fieldAll     = "_all"
)

type fieldType int

const (
	keywordField fieldType = iota
	textField              // English-analysed, stored, with term vectors for highlighting
	numberField
	storedField // stored, not indexed
)

// fieldSpec describes one field once, for both the mapping (queries, and
// plain bleve indexing in the benchmark) and the hand-built documents.
type fieldSpec struct {
	name      string
	typ       fieldType
	docValues bool // for facets and sorting
}

var fieldSpecs = []fieldSpec{
	{fieldRepo, keywordField, true},
	{fieldKind, keywordField, true},
	{fieldInventory, keywordField, true},
	{fieldPath, keywordField, true},
	{fieldName, keywordField, true},
	{fieldShortName, keywordField, false},
	{fieldNameLower, keywordField, false},
	{fieldEnv, keywordField, true},
	{fieldCloud, keywordField, true},
	{fieldPurpose, keywordField, true},
	{fieldGroup, keywordField, true},
	{fieldHost, keywordField, false},
	{fieldProvider, keywordField, true},
	{fieldRegion, keywordField, true},
	{fieldResourceType, keywordField, true},
	{fieldPerson, keywordField, true},
	{fieldCategory, keywordField, true},
	{fieldSeverity, keywordField, true},
	{fieldTag, keywordField, true},
	{fieldLine, numberField, false},
	{fieldDate, numberField, true},
	{fieldNameText, textField, false},
	{fieldPurposeText, textField, false},
	{fieldGroupsText, textField, false},
	{fieldVarsText, textField, false},
	{fieldBodyText, textField, false},
	{fieldDoc, storedField, false},
	{fieldMembers, storedField, false},
}

// textFields are the fields the default field _all is composed of, and the
// ones highlighted.
var textFields = []string{fieldNameText, fieldPurposeText, fieldGroupsText, fieldVarsText, fieldBodyText}

// filterFields are the keyword fields Values, facets and filters accept.
var keywordFields = func() map[string]bool {
	m := map[string]bool{}
	for _, f := range fieldSpecs {
		if f.typ == keywordField {
			m[f.name] = true
		}
	}
	return m
}()

// facetFields are the keyword fields with doc values.
var facetFields = func() map[string]bool {
	m := map[string]bool{}
	for _, f := range fieldSpecs {
		if f.typ == keywordField && f.docValues {
			m[f.name] = true
		}
	}
	return m
}()

// options returns the indexing options of a field, the same ones the
// mapping derives from its FieldMapping.
func (f fieldSpec) options() bindex.FieldIndexingOptions {
	switch f.typ {
	case textField:
		return bindex.IndexField | bindex.StoreField | bindex.IncludeTermVectors
	case storedField:
		return bindex.StoreField
	}
	o := bindex.IndexField
	if f.docValues {
		o |= bindex.DocValues
	}
	return o
}

func (f fieldSpec) fieldMapping() *mapping.FieldMapping {
	var fm *mapping.FieldMapping
	switch f.typ {
	case keywordField:
		fm = bleve.NewKeywordFieldMapping()
		fm.Analyzer = keyword.Name
	case textField:
		fm = bleve.NewTextFieldMapping()
		fm.Analyzer = textAnalyzer
		fm.IncludeTermVectors = true
	case numberField:
		fm = bleve.NewNumericFieldMapping()
	case storedField:
		fm = bleve.NewTextFieldMapping()
		fm.Index = false
	}
	fm.Name = f.name
	o := f.options()
	fm.Store = o.IsStored()
	fm.Index = o.IsIndexed()
	fm.DocValues = o.IncludeDocValues()
	fm.IncludeTermVectors = o.IncludeTermVectors()
	fm.IncludeInAll = f.typ == textField
	return fm
}

// newMapping returns the explicit mapping of every index: no dynamic
// fields, English analysis for text, and _all made of the text fields.
func newMapping() *mapping.IndexMappingImpl {
	dm := bleve.NewDocumentStaticMapping()
	for _, f := range fieldSpecs {
		dm.AddFieldMappingsAt(f.name, f.fieldMapping())
	}
	im := bleve.NewIndexMapping()
	// Same length replacement: highlight offsets stay right.
	must(im.AddCustomCharFilter(underscoreFilter, map[string]any{
		"type": regexp.Name, "regexp": "_", "replace": " ",
	}))
	must(im.AddCustomAnalyzer(textAnalyzer, map[string]any{
		"type":          custom.Name,
		"char_filters":  []any{underscoreFilter},
		"tokenizer":     unicode.Name,
		"token_filters": []any{en.PossessiveName, lowercase.Name, en.StopName, porter.Name},
	}))
	im.DefaultMapping = dm
	im.DefaultAnalyzer = textAnalyzer
	im.DefaultField = fieldAll
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	return im
}

// nameWords is a name as the name_text field indexes it: the name, then,
// when it has dots, the parts between them, so that node3 finds
// node3.local and db finds db.example.com (the tokenizer keeps
// letter.letter runs whole). An IP address stays whole: 10.0.3.12 is one
// word and its parts mean nothing alone. Hyphens and underscores split
// anyway (pay-db-1 is pay, db and 1).
func nameWords(name string) string {
	if !strings.Contains(name, ".") || net.ParseIP(name) != nil {
		return name
	}
	parts := strings.FieldsFunc(name, func(r rune) bool { return r == '.' || r == ' ' })
	return name + " " + strings.Join(parts, " ")
}

// must panics on errors that only a bug in this file can cause.
func must(err error) {
	if err != nil {
		panic("index mapping: " + err.Error())
	}
}
