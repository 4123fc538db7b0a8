# Production's network: every other unit in prod reads its outputs.
include "root" {
  path = find_in_parent_folders()
}

terraform {
  source = "../../../modules//vpc"
}

inputs = {
  cidr = "10.10.0.0/16"
}
