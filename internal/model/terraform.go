package model

// TerraformModule is one directory of *.tf files: what Terraform calls a
// module (the root module when terraform runs there).
type TerraformModule struct {
	Dir       string        `json:"dir"` // relative to the repository root, "." for the root
	Resources []*Resource   `json:"resources,omitempty"`
	Modules   []*ModuleCall `json:"modules,omitempty"`
	Variables []*Variable   `json:"variables,omitempty"`
	Outputs   []*Output     `json:"outputs,omitempty"`
	Providers []*Provider   `json:"providers,omitempty"`
	Locals    []Var         `json:"locals,omitempty"` // locals with a literal value
	// Info is the directory as a whole: root or reusable, backend, pins,
	// calls, dependencies, variable files.
	Info ModuleDir `json:"info"`
	// Problems are HCL diagnostics with file:line; the blocks that parsed
	// are still there.
	Problems []Problem `json:"problems,omitempty"`
}

// Why is the comment block directly above a block (a blank line between
// them is allowed), without the comment markers: what the block is for.
type Why struct {
	Text   string `json:"text,omitempty"`
	Source Source `json:"source,omitzero"` // its first line
}

// Resource modes, as Terraform's state names them.
const (
	ModeManaged = "managed" // a resource block
	ModeData    = "data"    // a data block
)

// Resource is a Terraform resource or data source.
type Resource struct {
	Address  string `json:"address"` // aws_instance.jenkins, data.aws_ami.ubuntu (within its module)
	Mode     string `json:"mode"`    // ModeManaged or ModeData
	Type     string `json:"type"`    // aws_instance
	Name     string `json:"name"`    // jenkins
	Module   string `json:"module"`  // TerraformModule.Dir
	Provider string `json:"provider"`
	// ProviderAlias is the alias of `provider = aws.eu`, empty for the
	// default configuration.
	ProviderAlias string `json:"provider_alias,omitempty"`
	Source        Source `json:"source"` // the block header
	Why           Why    `json:"why,omitzero"`

	Count   string `json:"count,omitempty"`    // the expression as written
	ForEach string `json:"for_each,omitempty"` // the expression as written

	// Region and Zone come from the resource's own attributes (region,
	// location, availability_zone, zone) or else its provider configuration.
	Region string `json:"region,omitempty"`
	Zone   string `json:"zone,omitempty"`

	Tags  map[string]string `json:"tags,omitempty"`  // tags or labels with literal values
	Attrs []Var             `json:"attrs,omitempty"` // top-level attributes with literal values

	// Instances are what a state file says is deployed.
	Instances []Instance `json:"instances,omitempty"`
	// Inputs are the values attributes written as `attr = var.x` take
	// from variable files, one per file that sets x.
	Inputs []Setting `json:"inputs,omitempty"`
	// Expanded are the instances count or for_each imply, named as far as
	// the configuration alone tells (literal variables and locals), for a
	// resource without state.
	Expanded []Instance `json:"expanded,omitempty"`

	Links []Link `json:"links,omitempty"`
}

// Instance is one instance of a resource: deployed, read from a state
// file, or implied by count or for_each in the configuration.
type Instance struct {
	Key    string `json:"key,omitempty"` // count index or for_each key, as Terraform prints it: [0], ["a"]
	ID     string `json:"id,omitempty"`
	Attrs  []Var  `json:"attrs,omitempty"` // sensitive and secret-looking values redacted
	Source Source `json:"source"`          // the state file
}

// ModuleCall is a module block.
type ModuleCall struct {
	Name    string `json:"name"`
	Address string `json:"address"` // module.vpc
	Module  string `json:"module"`  // TerraformModule.Dir of the caller
	From    string `json:"from"`    // the source argument
	Version string `json:"version,omitempty"`
	Count   string `json:"count,omitempty"`
	ForEach string `json:"for_each,omitempty"`
	Inputs  []Var  `json:"inputs,omitempty"` // arguments with literal values
	Source  Source `json:"source"`
	Why     Why    `json:"why,omitzero"`
	Links   []Link `json:"links,omitempty"`
}

// Variable is a variable block.
type Variable struct {
	Name        string `json:"name"`
	Module      string `json:"module"`
	Description string `json:"description,omitempty"`
	Type        string `json:"type,omitempty"` // the type expression as written
	Default     any    `json:"default,omitempty"`
	Sensitive   bool   `json:"sensitive,omitempty"` // then Default is never kept
	Source      Source `json:"source"`
	// Settings are the values variable files give it.
	Settings []Setting `json:"settings,omitempty"`
	Why      Why       `json:"why,omitzero"`
}

// Output is an output block.
type Output struct {
	Name        string `json:"name"`
	Module      string `json:"module"`
	Description string `json:"description,omitempty"`
	Value       string `json:"value,omitempty"` // the expression as written
	Sensitive   bool   `json:"sensitive,omitempty"`
	Source      Source `json:"source"`
	Why         Why    `json:"why,omitzero"`
}

// Provider is a provider block.
type Provider struct {
	Name   string `json:"name"`
	Alias  string `json:"alias,omitempty"`
	Module string `json:"module"`
	Region string `json:"region,omitempty"` // region or location, literal only
	Attrs  []Var  `json:"attrs,omitempty"`
	Source Source `json:"source"`
	Why    Why    `json:"why,omitzero"`
}

// Setting is one value a .tfvars file (or a Terragrunt inputs block) gives
// a variable, or, on a resource, the value an attribute written as
// `attr = var.x` takes from one.
type Setting struct {
	Attr     string `json:"attr,omitempty"` // on a resource: the attribute set from the variable
	Variable string `json:"variable"`
	// Value is redacted like any variable's, and never kept when the
	// variable is sensitive.
	Value     any    `json:"value,omitempty"`
	Sensitive bool   `json:"sensitive,omitempty"`
	Source    Source `json:"source"` // the assignment's file and line
}

// VarFile is a variable definitions file (*.tfvars, *.tfvars.json) or a
// Terragrunt configuration's inputs: values for a root module's variables.
type VarFile struct {
	Path string `json:"path"`
	// Auto is a file Terraform loads by itself (terraform.tfvars,
	// *.auto.tfvars); the others are given with -var-file.
	Auto     bool      `json:"auto,omitempty"`
	Settings []Setting `json:"settings,omitempty"`
}

// Backend is where a root module keeps its state.
type Backend struct {
	Type   string `json:"type"`             // s3, gcs, azurerm, remote, local, ...
	Config []Var  `json:"config,omitempty"` // literal arguments (bucket, key, ...), redacted
	Source Source `json:"source"`
}

// ProviderPin is one entry of required_providers.
type ProviderPin struct {
	Name    string `json:"name"`
	From    string `json:"from,omitempty"` // hashicorp/aws
	Version string `json:"version,omitempty"`
	Source  Source `json:"source"`
}

// CallTarget is a module call as seen from the module directory that
// makes it: where the called module lives.
type CallTarget struct {
	Address string `json:"address"`           // module.vpc
	From    string `json:"from"`              // the source argument, redacted
	Version string `json:"version,omitempty"` // for registry modules
	Dir     string `json:"dir,omitempty"`     // a local source, resolved against the repository root
	Purpose string `json:"purpose,omitempty"` // the called module's purpose, when local
	Source  Source `json:"source"`
}

// Dependency is one root module reading what another one manages.
type Dependency struct {
	Dir    string `json:"dir"` // the root module depended on
	Via    string `json:"via"` // data.terraform_remote_state.vpc, data.aws_vpc.main (tag Name=main), dependency "vpc"
	Source Source `json:"source"`
}

// ModuleDir is one Terraform module directory as a whole: whether
// `terraform apply` runs there (a root module) and why, where it keeps its
// state, what it pins, calls, reads from other roots and is given in
// variable files. It is the document of kind KindTerraformDir.
type ModuleDir struct {
	Dir  string `json:"dir"`
	Root bool   `json:"root,omitempty"`
	// VarsOnly is a directory of variable files and no configuration,
	// none above it either: the module they feed is not in the repository.
	VarsOnly bool   `json:"vars_only,omitempty"`
	RootWhy  string `json:"root_why,omitempty"` // "backend s3", "terraform.tfvars", "called by no other module"
	// Purpose is the first paragraph of the directory's README, else the
	// comment at the top of its main file.
	Purpose         Why           `json:"purpose,omitzero"`
	Backend         *Backend      `json:"backend,omitempty"`
	RequiredVersion string        `json:"required_version,omitempty"`
	Pins            []ProviderPin `json:"pins,omitempty"`
	Calls           []CallTarget  `json:"calls,omitempty"`
	CalledBy        []string      `json:"called_by,omitempty"` // module directories that call this one
	DependsOn       []Dependency  `json:"depends_on,omitempty"`
	VarFiles        []VarFile     `json:"var_files,omitempty"`
	// Terragrunt is the terraform { source } of a terragrunt.hcl: the
	// module it applies.
	Terragrunt string `json:"terragrunt,omitempty"`
	Source     Source `json:"source"` // the directory's first configuration file
	// Part, on a search hit, is the variable file the hit is about; the
	// directory's other files are left out of it.
	Part string `json:"part,omitempty"`
}
