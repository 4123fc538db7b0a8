terraform {
  backend "s3" {
    bucket = "acme-state"
    key    = "hosts/terraform.tfstate"
  }
}

# The jump host, made by the shared host module.
module "bastion" {
  source = "../modules/host"
  name   = "bastion01"
}
