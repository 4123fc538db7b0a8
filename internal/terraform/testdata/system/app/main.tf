terraform {
  backend "s3" {
    bucket = "acme-tf-state"
    key    = "app/terraform.tfstate"
  }
}

provider "aws" {
  region = var.region
}

data "terraform_remote_state" "network" {
  backend = "s3"
  config = {
    bucket = "acme-tf-state"
    key    = "network/terraform.tfstate"
  }
}

data "aws_vpc" "main" {
  tags = { Name = "acme-main" }
}

module "web" {
  source = "../modules/vm"
  name   = "web01"
  size   = var.web_size
}

module "labels" {
  source  = "cloudposse/label/null"
  version = "0.25.0"
}

resource "aws_db_instance" "shop" {
  instance_class = var.db_class
  password       = var.db_password
}
