terraform {
  source = "${get_repo_root()}/terragrunt/modules//vpc"
}

# Relative to the unit that includes this file.
dependency "vpc" {
  config_path = "../vpc"
}

inputs = {
  tier = "app"
}
