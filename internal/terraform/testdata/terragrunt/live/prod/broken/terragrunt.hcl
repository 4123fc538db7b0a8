include "root" {
  path = find_in_parent_folders("missing.hcl")
}

remote_state {
  backend = "s3"
  config = {
    bucket = "acme-tg-state"
    key    = "${get_env("STACK")}/terraform.tfstate"
  }
}

dependency "net" {
  config_path = get_aws_account_id()
}

terraform {
  source = "${get_env("MODULES")}//db?ref=v2.0.0"
}

# A file that reads itself stops after a few levels instead of looping.
locals {
  me = read_terragrunt_config("terragrunt.hcl")
}
