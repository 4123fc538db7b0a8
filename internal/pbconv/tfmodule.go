package pbconv

import (
	"handover/internal/model"
	pb "handover/proto/handover/v1"
)

// SettingToProto converts a variable file's value; a sensitive variable's
// value is never sent, whatever the model holds.
func SettingToProto(s model.Setting) *pb.TerraformSetting {
	out := &pb.TerraformSetting{Attr: s.Attr, Variable: s.Variable, Sensitive: s.Sensitive, Source: SourceToProto(s.Source)}
	if s.Value != nil && !s.Sensitive {
		out.Value = ValueToProto(s.Value)
	}
	return out
}

// SettingFromProto converts a variable file's value.
func SettingFromProto(s *pb.TerraformSetting) model.Setting {
	out := model.Setting{Attr: s.GetAttr(), Variable: s.GetVariable(), Sensitive: s.GetSensitive(), Source: SourceFromProto(s.GetSource())}
	if s.GetValue() != nil {
		out.Value = ValueFromProto(s.GetValue())
	}
	return out
}

func varFileToProto(f model.VarFile) *pb.VarFile {
	return &pb.VarFile{Path: f.Path, Auto: f.Auto, Settings: convertAll(f.Settings, SettingToProto)}
}

func varFileFromProto(f *pb.VarFile) model.VarFile {
	return model.VarFile{Path: f.GetPath(), Auto: f.GetAuto(), Settings: convertAll(f.GetSettings(), SettingFromProto)}
}

func pinToProto(p model.ProviderPin) *pb.ProviderPin {
	return &pb.ProviderPin{Name: p.Name, From: p.From, Version: p.Version, Source: SourceToProto(p.Source)}
}

func pinFromProto(p *pb.ProviderPin) model.ProviderPin {
	return model.ProviderPin{Name: p.GetName(), From: p.GetFrom(), Version: p.GetVersion(), Source: SourceFromProto(p.GetSource())}
}

func callToProto(c model.CallTarget) *pb.ModuleCallTarget {
	return &pb.ModuleCallTarget{Address: c.Address, From: c.From, Version: c.Version, Dir: c.Dir, Purpose: c.Purpose, Source: SourceToProto(c.Source)}
}

func callFromProto(c *pb.ModuleCallTarget) model.CallTarget {
	return model.CallTarget{Address: c.GetAddress(), From: c.GetFrom(), Version: c.GetVersion(), Dir: c.GetDir(), Purpose: c.GetPurpose(), Source: SourceFromProto(c.GetSource())}
}

func dependencyToProto(d model.Dependency) *pb.ModuleDependency {
	return &pb.ModuleDependency{Dir: d.Dir, Via: d.Via, Source: SourceToProto(d.Source)}
}

func dependencyFromProto(d *pb.ModuleDependency) model.Dependency {
	return model.Dependency{Dir: d.GetDir(), Via: d.GetVia(), Source: SourceFromProto(d.GetSource())}
}

// ModuleDirToProto converts a Terraform module directory.
func ModuleDirToProto(d *model.ModuleDir) *pb.TerraformModule {
	out := &pb.TerraformModule{
		Dir: d.Dir, Root: d.Root, RootWhy: d.RootWhy, Purpose: WhyToProto(d.Purpose), RequiredVersion: d.RequiredVersion,
		Pins: convertAll(d.Pins, pinToProto), Calls: convertAll(d.Calls, callToProto), CalledBy: d.CalledBy,
		DependsOn: convertAll(d.DependsOn, dependencyToProto), VarFiles: convertAll(d.VarFiles, varFileToProto),
		Terragrunt: d.Terragrunt, Source: SourceToProto(d.Source), Part: d.Part, VarsOnly: d.VarsOnly,
	}
	if be := d.Backend; be != nil {
		out.Backend = &pb.Backend{Type: be.Type, Config: VarsToProto(be.Config), Source: SourceToProto(be.Source)}
	}
	return out
}

// ModuleDirFromProto converts a Terraform module directory.
func ModuleDirFromProto(d *pb.TerraformModule) *model.ModuleDir {
	out := &model.ModuleDir{
		Dir: d.GetDir(), Root: d.GetRoot(), RootWhy: d.GetRootWhy(), Purpose: WhyFromProto(d.GetPurpose()), RequiredVersion: d.GetRequiredVersion(),
		Pins: convertAll(d.GetPins(), pinFromProto), Calls: convertAll(d.GetCalls(), callFromProto), CalledBy: d.GetCalledBy(),
		DependsOn: convertAll(d.GetDependsOn(), dependencyFromProto), VarFiles: convertAll(d.GetVarFiles(), varFileFromProto),
		Terragrunt: d.GetTerragrunt(), Source: SourceFromProto(d.GetSource()), Part: d.GetPart(), VarsOnly: d.GetVarsOnly(),
	}
	if be := d.GetBackend(); be != nil {
		out.Backend = &model.Backend{Type: be.GetType(), Config: VarsFromProto(be.GetConfig()), Source: SourceFromProto(be.GetSource())}
	}
	return out
}

// ModuleDirsToProto converts a module graph.
func ModuleDirsToProto(dirs []*model.ModuleDir) []*pb.TerraformModule {
	return convertAll(dirs, ModuleDirToProto)
}
