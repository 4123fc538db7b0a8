# Primary database.
module "pg01" {
  source = "../modules/host"
  name   = "pg01"
  domain = "stage.internal"
}

module "dynamic" {
  source = "../modules/host"
  name   = module.pg01.id
}

module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
  name   = "stage"
}

locals {
  hosts = { web01 = "t3.small", web02 = "t3.large" }
}

# One per app host; the domain is not known without a plan.
module "app" {
  source   = "../modules/host"
  for_each = local.hosts
  name     = each.key
  size     = each.value
  domain   = aws_route53_zone.internal.name
}
