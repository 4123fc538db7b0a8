package index

import (
	"context"
	"testing"

	"handover/internal/model"
)

// A dynamic inventory source is found by its plugin, its regions and the
// groups it makes, and listed with its inventory.
func TestInventorySourceSearch(t *testing.T) {
	src := &model.InventorySource{Path: "inventories/prod/prod.aws_ec2.yml", Inventory: "inventories/prod",
		Source: model.Source{Path: "inventories/prod/prod.aws_ec2.yml", Line: 2}, Plugin: "amazon.aws.aws_ec2",
		Comment: "production instances", Regions: []string{"eu-west-1"},
		Filters:     []model.Var{{Name: "tag:env", Value: "prod"}},
		KeyedGroups: []string{"prefix role, key tags.Role"}}
	s := openStore(t, t.TempDir())
	replace(t, s, &model.Snapshot{Repo: "acme", Inventories: []*model.Inventory{{Path: "inventories/prod", Dynamic: []*model.InventorySource{src}}}})
	for _, q := range []Query{
		{Text: "aws_ec2"},
		{Text: "eu-west-1"},
		{Text: "production instances"},
		{Filter: Filter{Kind: string(model.KindInventorySource), Inventory: "inventories/prod"}},
	} {
		res, err := s.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != 1 || res.Hits[0].Item.(*model.InventorySource).Plugin != "amazon.aws.aws_ec2" {
			t.Errorf("%+v: %d hits", q, len(res.Hits))
		}
	}
}
