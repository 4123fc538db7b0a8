package ingest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"handover/internal/config"
	"handover/internal/model"
)

// writeDocsEstate lays out issue 14's documentation-heavy repository:
// docs Markdown and reStructuredText files in the places real teams keep
// them (runbooks below alerts/<operator>/, docs/guides/ and
// source/runbooks/, incident reports dated in their name, their front
// matter or only their heading, status-page reports, plain notes), and
// roots Terraform root modules (live/<env>/<service>/) with backends,
// version pins, variable files, a local module called several times, a
// registry module, a terraform_remote_state of the shared network and a
// data source looking a subnet up by its tag. Nothing is in a folder named
// sops/ or incidents/: every document is classified by its shape.
func writeDocsEstate(b *testing.B, root string, docs, roots int) {
	write := fileWriter(b, root)
	ops := []string{"kubernetes", "prometheus", "etcd", "node", "alertmanager"}
	for i := range docs {
		op := ops[i%len(ops)]
		switch i % 10 {
		case 0, 1: // alert runbook: Meaning/Impact/Diagnosis/Mitigation
			write(fmt.Sprintf("alerts/%s-operator/%sAlert%04d.md", op, strings.ToUpper(op[:1])+op[1:], i), fmt.Sprintf(
				"# %sAlert%04d\n\n## Meaning\n\nThe %s on svc%03d has been failing for 15 minutes.\n\n"+
					"## Impact\n\nRequests to the shop time out.\n\n## Diagnosis\n\n- Check the pods:\n\n  ```bash\n  kubectl -n svc%03d get pods\n  ```\n"+
					"- Read the logs of the one that restarts.\n\n## Mitigation\n\n1. Drain the node.\n2. Restart the deployment:\n   1. `kubectl rollout restart deploy/svc%03d`\n   2. wait for it to settle\n3. Tell #ops.\n",
				strings.ToUpper(op[:1])+op[1:], i, op, i%roots, i%roots, i%roots))
		case 2: // guide with numbered steps under a step-like heading
			write(fmt.Sprintf("docs/guides/%s/rotate-%04d.md", op, i), fmt.Sprintf(
				"---\ntitle: Rotate the %s certificates (%d)\nowner: alice\nreviewed: 2026-01-15\n---\n\n# Rotate the %s certificates\n\n"+
					"Once a year, or when a key leaks.\n\n## Procedure\n\n1. Generate the new certificate.\n2. Copy it to the hosts:\n   - web%04d\n   - web%04d\n"+
					"3. Reload the service:\n\n   ```\n   systemctl reload %s\n   ```\n\n4. Check the expiry date.\n",
				op, i, op, i%1000, (i+1)%1000, op))
		case 3: // reStructuredText runbook
			title := fmt.Sprintf("Recover the %s cluster (%d)", op, i)
			write(fmt.Sprintf("source/runbooks/%s-%04d.rst", op, i), fmt.Sprintf(
				"%s\n%s\n\n:Owner: bob\n\nSteps\n-----\n\n#. Stop the writers.\n#. Restore the snapshot::\n\n     %sctl snapshot restore latest\n\n#. Start the writers again.\n\n"+
					"Background\n----------\n\nThe cluster keeps three members; see the design notes.\n",
				title, strings.Repeat("=", len(title)), op))
		case 4: // incident dated in its name
			write(fmt.Sprintf("docs/postmortems/2025-%02d-%02d-%s-outage-%04d.md", i%12+1, i%28+1, op, i), fmt.Sprintf(
				"# %s outage %d\n\n## Summary\n\nsvc%03d was down for 40 minutes.\n\n## Impact\n\nCheckout failed for 3%% of customers.\n\n"+
					"## Root cause\n\nA full disk on the %s nodes.\n\n## Timeline\n\n- 10:00 alert fired\n- 10:12 paged\n- 10:40 resolved\n\n## Resolution\n\nGrew the disk.\n",
				op, i, i%roots, op))
		case 5: // status-page report: front matter only
			write(fmt.Sprintf("content/history/%04d.md", i), fmt.Sprintf(
				"---\ntitle: Degraded %s performance\ndate: 2024-%02d-%02d 10:00:00\nresolved: true\nseverity: minor\naffected:\n  - API\n---\n\n"+
					"We are investigating slow responses from the %s API. *Resolved* after 20 minutes.\n",
				op, i%12+1, i%28+1, op))
		case 6: // incident dated only in its heading
			write(fmt.Sprintf("reports/%s-%04d.md", op, i), fmt.Sprintf(
				"# 2022-01-%02d, %s pod limit reached\n\n## What happened\n\nThe nodes hit their pod limit.\n\n## Root cause\n\nA deploy doubled the replicas.\n\n"+
					"## Timeline\n\n- 09:00 first errors\n- 09:30 fixed\n\n## Action items\n\n- [ ] alert on pod count\n",
				i%28+1, op))
		case 7: // reStructuredText design note
			title := fmt.Sprintf("%s design %d", op, i)
			write(fmt.Sprintf("source/design/%s-%04d.rst", op, i), fmt.Sprintf(
				"%s\n%s\n\nThe %s deployment runs three replicas behind the load balancer.\n\n.. note::\n\n   Keep the replicas in separate zones.\n\n"+
					"Layout\n------\n\n* one per zone\n* a shared volume\n\nSee ``live/prod/svc%03d`` for the Terraform.\n",
				title, strings.Repeat("=", len(title)), op, i%roots))
		default: // plain notes
			write(fmt.Sprintf("docs/%s/notes-%04d.md", op, i), fmt.Sprintf(
				"# Notes on %s %d\n\nSome text about the shop, with `code` and a [link](https://example.com/%d).\n\n"+
					"## Details\n\n| key | value |\n|---|---|\n| replicas | 3 |\n| zone | eu-west-1a |\n\nMore prose that explains how the pieces fit together.\n",
				op, i, i))
		}
	}
	write("modules/host/main.tf", `# One EC2 instance with its name tag; configuration management takes over from here.
variable "name" {}
variable "size" { default = "t3.small" }

resource "aws_instance" "this" {
  instance_type = var.size
  tags = { Name = var.name }
}

output "ip" { value = aws_instance.this.private_ip }
`)
	write("modules/host/README.md", "# host\n\nOne virtual machine, named by its Name tag.\n")
	write("network/main.tf", `terraform {
  backend "s3" {
    bucket = "acme-state"
    key    = "network/terraform.tfstate"
  }
}

# The shared VPC every service lives in.
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
  tags = { Name = "acme-main" }
}

resource "aws_subnet" "private" {
  vpc_id = aws_vpc.main.id
  tags   = { Name = "acme-private", Tier = "private" }
}
`)
	why := strings.Repeat("# Why: it serves the checkout; see docs/guides for how it is operated.\n", 3)
	envs := []string{"prod", "staging", "dev"}
	for i := range roots {
		env := envs[i%len(envs)]
		dir := fmt.Sprintf("live/%s/svc%03d", env, i)
		var tf strings.Builder
		fmt.Fprintf(&tf, "# Copyright 2024 Acme\n# SPDX-License-Identifier: Apache-2.0\n\n")
		fmt.Fprintf(&tf, "terraform {\n  required_version = \">= 1.5\"\n  required_providers {\n    aws = {\n      source  = \"hashicorp/aws\"\n      version = \"~> 5.0\"\n    }\n  }\n"+
			"  backend \"s3\" {\n    bucket = \"acme-state\"\n    key    = \"%s/svc%03d/terraform.tfstate\"\n  }\n}\n\n", env, i)
		fmt.Fprintf(&tf, "provider \"aws\" {\n  region = var.region\n}\n\n###############\n# Resources\n###############\n\n")
		fmt.Fprintf(&tf, "data \"terraform_remote_state\" \"network\" {\n  backend = \"s3\"\n  config = {\n    bucket = \"acme-state\"\n    key    = \"network/terraform.tfstate\"\n  }\n}\n\n")
		fmt.Fprintf(&tf, "data \"aws_subnet\" \"private\" {\n  filter {\n    name   = \"tag:Name\"\n    values = [\"acme-private\"]\n  }\n}\n\n")
		for j := range 4 {
			fmt.Fprintf(&tf, "%smodule \"app%d\" {\n  source = \"../../../modules/host\"\n  name   = \"svc%03d-app%d\"\n  size   = var.size\n}\n\n", why, j, i, j)
		}
		fmt.Fprintf(&tf, "module \"labels\" {\n  source  = \"cloudposse/label/null\"\n  version = \"0.25.0\"\n}\n\n")
		fmt.Fprintf(&tf, "%sresource \"aws_security_group\" \"svc\" {\n  name   = \"svc%03d\"\n  vpc_id = data.terraform_remote_state.network.outputs.vpc_id\n}\n\n", why, i)
		fmt.Fprintf(&tf, "%sresource \"aws_instance\" \"db\" {\n  count = 2\n  subnet_id = data.aws_subnet.private.id\n  tags = { Name = \"svc%03d-db${count.index}\" }\n}\n", why, i)
		write(dir+"/main.tf", tf.String())
		write(dir+"/variables.tf", "variable \"region\" {\n  default = \"eu-west-1\"\n}\n\nvariable \"size\" {\n  default = \"t3.small\"\n}\n\nvariable \"db_password\" {\n  sensitive = true\n}\n")
		write(dir+"/terraform.tfvars", fmt.Sprintf("size = \"m5.large\"\ndb_password = \"s3cret-%d\"\n", i))
		write(dir+"/README.md", fmt.Sprintf("# svc%03d\n\nThe %s stack of service %d: four app hosts and a database pair.\n", i, env, i))
	}
}

// BenchmarkDocsEstate reads issue 14's documentation-heavy repository
// whole, as a reindex does: 5,000 Markdown and reStructuredText files
// classified by their shape and parsed, 300 Terraform root modules read and
// linked into one system, and the documents linked to what they name
// (target: < 1.5 s on 2 cores).
//
//	go test -run '^$' -bench DocsEstate -benchmem -benchtime 5x ./internal/ingest/
func BenchmarkDocsEstate(b *testing.B) {
	const docs, roots = 5000, 300
	root := b.TempDir()
	writeDocsEstate(b, root, docs, roots)
	rp := config.Repo{Name: "estate", Path: root}
	for b.Loop() {
		snap, err := Snapshot(context.Background(), rp, nil)
		if err != nil {
			b.Fatal(err)
		}
		checkDocsEstate(b, snap, docs, roots)
	}
}

// checkDocsEstate fails the benchmark when the estate was not read as it
// is: every document of its kind, every root linked to the network.
func checkDocsEstate(b *testing.B, snap *model.Snapshot, docs, roots int) {
	// Of each ten documents: four runbooks (two alert runbooks, a guide,
	// an .rst), three incidents (dated by name, status page, heading),
	// and three documents (an .rst note, two Markdown notes); the module
	// READMEs are documents too.
	wantSOPs, wantIncidents := docs*4/10, docs*3/10
	if len(snap.SOPs) != wantSOPs || len(snap.Incidents) != wantIncidents || len(snap.Docs) < docs*3/10 {
		b.Fatalf("%d SOPs (want %d), %d incidents (want %d), %d docs", len(snap.SOPs), wantSOPs, len(snap.Incidents), wantIncidents, len(snap.Docs))
	}
	rootsFound, deps := 0, 0
	for _, m := range snap.Terraform {
		if m.Info.Root {
			rootsFound++
		}
		deps += len(m.Info.DependsOn)
	}
	// the services and the network; each service reads the network twice
	if rootsFound != roots+1 || deps != 2*roots {
		b.Fatalf("%d roots (want %d), %d dependencies (want %d)", rootsFound, roots+1, deps, 2*roots)
	}
}
