include "root" {
  path = find_in_parent_folders()
}

include "env" {
  path = find_in_parent_folders("env.hcl")
}

terraform {
  source = "${get_repo_root()}/terragrunt/modules//vpc"
}

dependency "vpc" {
  config_path = "${get_terragrunt_dir()}/../vpc"
}

inputs = {
  name   = "db-${include.env.locals.env}"
  region = get_env("AWS_REGION", "eu-west-1")
}
