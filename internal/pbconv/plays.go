package pbconv

import (
	"handover/internal/model"
	pb "handover/proto/handover/v1"
)

// PlayToProto converts a play of a playbook.
func PlayToProto(p *model.Play) *pb.Play {
	return &pb.Play{
		Name: p.Name, Playbook: p.Playbook, Index: int32(p.Index), Source: SourceToProto(p.Source),
		Hosts: p.Hosts, ImportPlaybook: p.ImportPlaybook, Roles: convertAll(p.Roles, roleUseToProto),
		Tasks: convertAll(p.Tasks, taskToProto), Tags: p.Tags, Become: p.Become,
		Vars: VarsToProto(p.Vars), Links: LinksToProto(p.Links),
	}
}

// PlayFromProto converts a play of a playbook.
func PlayFromProto(p *pb.Play) *model.Play {
	return &model.Play{
		Name: p.GetName(), Playbook: p.GetPlaybook(), Index: int(p.GetIndex()), Source: SourceFromProto(p.GetSource()),
		Hosts: p.GetHosts(), ImportPlaybook: p.GetImportPlaybook(), Roles: convertAll(p.GetRoles(), roleUseFromProto),
		Tasks: convertAll(p.GetTasks(), taskFromProto), Tags: p.GetTags(), Become: p.GetBecome(),
		Vars: VarsFromProto(p.GetVars()), Links: LinksFromProto(p.GetLinks()),
	}
}

// RoleToProto converts an Ansible role.
func RoleToProto(r *model.Role) *pb.Role {
	return &pb.Role{
		Name: r.Name, Dir: r.Dir, Source: SourceToProto(r.Source), Readme: r.Readme,
		ReadmeSource: SourceToProto(r.ReadmeSource), Description: r.Description,
		Dependencies: convertAll(r.Dependencies, roleUseToProto), Defaults: VarsToProto(r.Defaults),
		Vars: VarsToProto(r.Vars), Tasks: convertAll(r.Tasks, taskToProto), Handlers: convertAll(r.Handlers, taskToProto),
		Templates: r.Templates, Links: LinksToProto(r.Links),
	}
}

// RoleFromProto converts an Ansible role.
func RoleFromProto(r *pb.Role) *model.Role {
	return &model.Role{
		Name: r.GetName(), Dir: r.GetDir(), Source: SourceFromProto(r.GetSource()), Readme: r.GetReadme(),
		ReadmeSource: SourceFromProto(r.GetReadmeSource()), Description: r.GetDescription(),
		Dependencies: convertAll(r.GetDependencies(), roleUseFromProto), Defaults: VarsFromProto(r.GetDefaults()),
		Vars: VarsFromProto(r.GetVars()), Tasks: convertAll(r.GetTasks(), taskFromProto), Handlers: convertAll(r.GetHandlers(), taskFromProto),
		Templates: r.GetTemplates(), Links: LinksFromProto(r.GetLinks()),
	}
}

func taskToProto(t model.Task) *pb.PlayTask {
	return &pb.PlayTask{Name: t.Name, Action: t.Action, Section: t.Section, Role: t.Role, File: t.File,
		Tags: t.Tags, Source: SourceToProto(t.Source)}
}

func taskFromProto(t *pb.PlayTask) model.Task {
	return model.Task{Name: t.GetName(), Action: t.GetAction(), Section: t.GetSection(), Role: t.GetRole(), File: t.GetFile(),
		Tags: t.GetTags(), Source: SourceFromProto(t.GetSource())}
}

func roleUseToProto(u model.RoleUse) *pb.RoleUse {
	return &pb.RoleUse{Name: u.Name, How: u.How, Tags: u.Tags, Source: SourceToProto(u.Source), Dir: u.Dir}
}

func roleUseFromProto(u *pb.RoleUse) model.RoleUse {
	return model.RoleUse{Name: u.GetName(), How: u.GetHow(), Tags: u.GetTags(), Source: SourceFromProto(u.GetSource()), Dir: u.GetDir()}
}
