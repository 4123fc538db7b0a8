locals {
  name   = "ex-${basename(path.cwd)}"
  region = "eu-west-1"

  vpc_cidr = "10.0.0.0/16"
  azs      = slice(data.aws_availability_zones.available.names, 0, 3)

  tags = {
    Example    = local.name
    GithubRepo = "terraform-aws-vpc"
  }

  buckets = {
    logs   = { versioning = false }
    assets = { versioning = true }
  }
}

data "aws_availability_zones" "available" {}

################################################################################
# VPC Module
################################################################################

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.0"

  name = local.name
  cidr = local.vpc_cidr

  azs             = local.azs
  private_subnets = [for k, v in local.azs : cidrsubnet(local.vpc_cidr, 4, k)]
  public_subnets  = ["10.0.48.0/24", "10.0.49.0/24"]

  enable_nat_gateway = true
  single_nat_gateway = true

  tags = local.tags
}

# Our own web tier, one per environment.
module "web" {
  source   = "./modules/web"
  for_each = toset(["blue", "green"])

  name          = "web-${each.key}"
  instance_type = "t3.small"
  vpc_id        = module.vpc.vpc_id

  providers = {
    aws = aws.us
  }

  depends_on = [module.vpc]
}

resource "aws_security_group" "web" {
  count = var.create ? 1 : 0

  name_prefix = "${local.name}-web"
  description = <<-EOT
    Web tier: HTTP from anywhere,
    SSH from the office only.
  EOT
  vpc_id      = module.vpc.vpc_id

  dynamic "ingress" {
    for_each = var.ingress_ports
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  lifecycle {
    create_before_destroy = true
  }

  tags = merge(local.tags, {
    Name = "${local.name}-web"
    Tier = "web"
  })
}

resource "aws_s3_bucket" "this" {
  for_each = local.buckets

  bucket = "${local.name}-${each.key}"

  tags = local.tags
}

resource "aws_instance" "bastion" {
  provider = aws.us

  ami                    = data.aws_ami.amazon_linux.id
  instance_type          = "t3.micro"
  subnet_id              = element(module.vpc.public_subnets, 0)
  vpc_security_group_ids = [aws_security_group.web[0].id]

  user_data = <<EOF
#!/bin/bash
# not a comment for terraform
echo hello
EOF

  depends_on = [module.vpc]

  tags = {
    Name = "bastion"
  }
}

data "aws_ami" "amazon_linux" {
  most_recent = true
  owners      = ["amazon"]

  filter {
    name   = "name"
    values = ["al2023-ami-*-x86_64"]
  }
}

moved {
  from = aws_instance.jump
  to   = aws_instance.bastion
}

import {
  to = aws_s3_bucket.this["logs"]
  id = "ex-shop-logs"
}

check "health" {
  data "http" "shop" {
    url = "https://shop.example.com/health"
  }

  assert {
    condition     = data.http.shop.status_code == 200
    error_message = "Shop is down."
  }
}

removed {
  from = aws_instance.old

  lifecycle {
    destroy = false
  }
}
