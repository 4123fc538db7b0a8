package terraform

import (
	"reflect"
	"testing"

	"handover/internal/model"
)

func TestThroughModuleCalls(t *testing.T) {
	m := LoadModule("testdata/calls", "stage")
	var got []string
	for _, r := range m.Resources {
		got = append(got, r.Address)
	}
	want := []string{"module.pg01.aws_instance.this", "module.pg01.aws_route53_record.this",
		`module.app["web01"].aws_instance.this`, `module.app["web02"].aws_instance.this`}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("resources = %q, want %q", got, want)
	}
	inst := m.Resources[0]
	wantAttrs := []model.Var{{Name: "tags.Name", Value: "pg01"}}
	if !reflect.DeepEqual(inst.Attrs, wantAttrs) || inst.Source != (model.Source{Path: "stage/main.tf", Line: 2}) ||
		inst.Module != "stage" || inst.Why.Text != "The host itself." {
		t.Errorf("instance = %+v", inst)
	}
	if rec := m.Resources[1]; !reflect.DeepEqual(rec.Attrs, []model.Var{{Name: "name", Value: "pg01.stage.internal"}}) {
		t.Errorf("record = %+v", rec.Attrs)
	}
	if web := m.Resources[3]; !reflect.DeepEqual(web.Attrs, []model.Var{{Name: "tags.Name", Value: "web02"}}) ||
		web.Source.Line != 23 {
		t.Errorf("web02 = %+v", web)
	}
}

func TestRegionFromVariables(t *testing.T) {
	m := LoadModule("testdata/calls", "azure")
	got := map[string]string{}
	for _, r := range m.Resources {
		got[r.Address] = r.Region
	}
	want := map[string]string{
		"azurerm_resource_group.main":       "East US 2",
		"azurerm_virtual_network.cert":      "Sweden Central",
		"azurerm_virtual_network.unknown":   "East US 2", // through the resource group
		"azurerm_linux_virtual_machine.vpn": "East US 2",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("regions = %v, want %v", got, want)
	}
}
