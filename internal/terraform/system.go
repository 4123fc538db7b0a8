package terraform

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"handover/internal/model"
)

// A repository's Terraform is a system, not a bag of blocks: some
// directories are root modules (`terraform apply` runs there, each with its
// own state), the rest are reusable modules they call, and roots read each
// other's results through terraform_remote_state or by looking up what
// another root created by its tag or name. Link works that out across every
// module directory read from one repository, once all are read.

// Link fills each module's Info with what needs the other modules: who
// calls it, whether it is a root and why, the called modules' purposes,
// the variable files of a configuration-less directory (environments/
// prod.tfvars) given to the root they feed, and the roots it depends on.
func Link(mods []*model.TerraformModule) {
	byDir := make(map[string]*model.TerraformModule, len(mods))
	for _, m := range mods {
		if m != nil {
			byDir[m.Dir] = m
		}
	}
	for _, m := range mods {
		if m == nil {
			continue
		}
		for i, c := range m.Info.Calls {
			callee := byDir[c.Dir]
			if c.Dir == "" || callee == nil {
				continue
			}
			m.Info.Calls[i].Purpose = model.FirstSentence(callee.Info.Purpose.Text)
			if !slices.Contains(callee.Info.CalledBy, m.Dir) {
				callee.Info.CalledBy = append(callee.Info.CalledBy, m.Dir)
			}
		}
	}
	for _, m := range mods {
		if m == nil || hasConfig(m) || len(m.Info.VarFiles) == 0 {
			continue
		}
		if target := configAbove(byDir, m.Dir); target != nil {
			ApplyVarFiles(target, m.Info.VarFiles)
			target.Info.VarFiles = append(target.Info.VarFiles, m.Info.VarFiles...)
			m.Info = model.ModuleDir{Dir: m.Dir} // nothing of its own: no document
		} else {
			m.Info.VarsOnly = true
		}
	}
	for _, m := range mods {
		if m == nil || m.Info.Terragrunt == "" {
			continue
		}
		for _, c := range m.Info.Calls {
			if src := byDir[c.Dir]; c.Address == "terraform.source" && src != nil {
				ApplyVarFiles(src, m.Info.VarFiles)
			}
		}
	}
	for _, m := range mods {
		if m != nil {
			slices.Sort(m.Info.CalledBy)
			m.Info.Root, m.Info.RootWhy = rootReason(m)
		}
	}
	linkDependencies(mods, byDir)
}

// hasConfig: the directory holds Terraform configuration, not only
// variable files.
func hasConfig(m *model.TerraformModule) bool {
	return len(m.Resources)+len(m.Modules)+len(m.Variables)+len(m.Outputs)+len(m.Providers)+len(m.Locals) > 0 ||
		m.Info.Backend != nil || m.Info.RequiredVersion != "" || len(m.Info.Pins) > 0 || m.Info.Terragrunt != ""
}

// configAbove is the nearest directory above dir holding configuration:
// the root module that `terraform apply -var-file=envs/x.tfvars` runs in.
func configAbove(byDir map[string]*model.TerraformModule, dir string) *model.TerraformModule {
	for dir != "." && dir != "/" && dir != "" {
		dir = path.Dir(dir)
		if m := byDir[dir]; m != nil && hasConfig(m) {
			return m
		}
	}
	return nil
}

// rootReason says whether m is a root module and why: it configures a
// backend, a provider or Terragrunt, is given variable files, or no other
// module calls it.
func rootReason(m *model.TerraformModule) (bool, string) {
	info := &m.Info
	switch {
	case !hasConfig(m) || isTerragruntInclude(info):
		return false, ""
	case info.Terragrunt != "":
		return true, "terragrunt.hcl"
	case info.Backend != nil:
		return true, "backend " + info.Backend.Type
	case len(info.VarFiles) > 0:
		return true, "variable files " + info.VarFiles[0].Path
	case len(m.Providers) > 0 && len(info.CalledBy) == 0:
		return true, "provider configuration"
	case len(info.CalledBy) == 0:
		return true, "called by no other module"
	}
	return false, ""
}

// rootsOf are the root modules that apply dir: dir itself when it is one,
// else the roots of every module that calls it.
func rootsOf(byDir map[string]*model.TerraformModule, dir string, seen map[string]bool) []string {
	m := byDir[dir]
	if m == nil || seen[dir] {
		return nil
	}
	seen[dir] = true
	if m.Info.Root {
		return []string{dir}
	}
	var out []string
	for _, caller := range m.Info.CalledBy {
		for _, r := range rootsOf(byDir, caller, seen) {
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	return out
}

// addDependency records that the roots applying from depend on the roots
// applying to, via what.
func addDependency(byDir map[string]*model.TerraformModule, from, to string, via string, src model.Source) {
	for _, a := range rootsOf(byDir, from, map[string]bool{}) {
		for _, b := range rootsOf(byDir, to, map[string]bool{}) {
			if a == b {
				continue
			}
			info := &byDir[a].Info
			d := model.Dependency{Dir: b, Via: via, Source: src}
			if !slices.ContainsFunc(info.DependsOn, func(x model.Dependency) bool { return x.Dir == b && x.Via == via }) {
				info.DependsOn = append(info.DependsOn, d)
			}
		}
	}
}

// linkDependencies finds, for every data source, the root module that
// manages what it reads: another root's state (terraform_remote_state,
// matched on its backend), or a resource of the type it reads whose tags
// or name match its lookup.
func linkDependencies(mods []*model.TerraformModule, byDir map[string]*model.TerraformModule) {
	// each backend's arguments by name, once
	backendArgs := map[*model.TerraformModule]map[string]any{}
	for _, m := range mods {
		if m != nil && m.Info.Backend != nil {
			args := make(map[string]any, len(m.Info.Backend.Config))
			for _, v := range m.Info.Backend.Config {
				args[v.Name] = v.Value
			}
			backendArgs[m] = args
		}
	}
	found := newManagedIndex(mods)
	for _, m := range mods {
		if m == nil {
			continue
		}
		for _, r := range m.Resources {
			if r.Mode != model.ModeData {
				continue
			}
			if r.Type == "terraform_remote_state" {
				reads := remoteState(r)
				for _, other := range mods {
					if other != nil && other != m && reads.matches(m.Dir, other, backendArgs[other]) {
						addDependency(byDir, m.Dir, other.Dir, r.Address, r.Source)
					}
				}
				continue
			}
			for _, f := range found.lookup(r) {
				if f.dir != m.Dir {
					addDependency(byDir, m.Dir, f.dir, fmt.Sprintf("%s (%s)", r.Address, f.key), r.Source)
				}
			}
		}
	}
	for _, m := range mods {
		if m != nil {
			slices.SortFunc(m.Info.DependsOn, func(a, b model.Dependency) int {
				return strings.Compare(a.Dir+a.Via, b.Dir+b.Via)
			})
		}
	}
}

// stateRead is what a terraform_remote_state data source reads: a
// backend type and its arguments, workspaces { name } as workspaces.name.
type stateRead struct {
	typ    string
	config map[string]any
}

func remoteState(r *model.Resource) stateRead {
	sr := stateRead{typ: model.StringVar(r.Attrs, "backend"), config: map[string]any{}}
	for _, a := range r.Attrs {
		if c, ok := a.Value.(map[string]any); ok && a.Name == "config" {
			for k, v := range c {
				sr.config[k] = v
			}
		}
	}
	if ws, ok := sr.config["workspaces"].(map[string]any); ok {
		for k, v := range ws {
			sr.config["workspaces."+k] = v
		}
	}
	return sr
}

// matches reports whether the state read is the one other keeps (theirs
// are its backend's arguments): the same backend type and every
// identifying argument both give (bucket, key, prefix, container,
// workspace) equal, or for the local backend, a path in other's directory.
func (sr stateRead) matches(dir string, other *model.TerraformModule, theirs map[string]any) bool {
	be := other.Info.Backend
	if sr.typ == "local" || sr.typ == "" && be == nil {
		p, _ := sr.config["path"].(string)
		if p == "" {
			return false
		}
		return path.Dir(path.Join(dir, p)) == other.Dir && (be == nil || be.Type == "local")
	}
	if be == nil || be.Type != sr.typ {
		return false
	}
	same := 0
	for _, k := range []string{"bucket", "key", "prefix", "container_name", "storage_account_name", "organization", "workspaces.name", "path"} {
		mine, ok1 := sr.config[k]
		their, ok2 := theirs[k]
		if !ok1 || !ok2 {
			continue
		}
		if !sameValue(mine, their) {
			return false
		}
		same++
	}
	return same > 0
}

// isTerragruntInclude is a terragrunt.hcl that applies no module: the
// shared configuration (remote_state, common inputs) units include.
func isTerragruntInclude(info *model.ModuleDir) bool {
	return path.Base(info.Source.Path) == TerragruntFile && info.Terragrunt == ""
}

// sameValue compares two literal values as Terraform would print them;
// strings, almost every backend argument, without formatting them.
func sameValue(a, b any) bool {
	if as, ok := a.(string); ok {
		if bs, ok := b.(string); ok {
			return as == bs
		}
	}
	return fmt.Sprint(a) == fmt.Sprint(b)
}
