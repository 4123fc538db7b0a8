include "root" {
  path = find_in_parent_folders()
}

locals {
  env     = read_terragrunt_config("${dirname(find_in_parent_folders())}/prod/env.hcl")
  missing = read_terragrunt_config("nope.hcl", { locals = { env = "none" } })
}

terraform {
  source = "tfr:///terraform-aws-modules/elasticache/aws?version=1.2.0"
}

inputs = {
  name     = "cache-${local.env.locals.env}"
  fallback = local.missing.locals.env
}
