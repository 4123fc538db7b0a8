include "root" {
  path = find_in_parent_folders()
}

terraform {
  source = "git::https://deploy:tgS3cretToken@git.example.com/acme/modules.git//app?ref=v1.4.0"
}

dependency "vpc" {
  config_path = "../vpc"
}

dependencies {
  paths = ["../vpc"]
}

inputs = {
  vpc_id      = dependency.vpc.outputs.vpc_id
  db_password = "tgPassw0rdS3cret"
  size        = "m5.large"
}
