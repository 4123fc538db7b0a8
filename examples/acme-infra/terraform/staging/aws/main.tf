locals {
  domain = "stage.aws.acme-shop.internal"

  # Everything in staging but the bastion and the database: one of each,
  # smaller than production (inventories/staging/hosts.yml).
  hosts = {
    "jenkins-agent01" = { role = "ci-agent", type = "t3.large", disk = 80 }
    "web01"           = { role = "storefront", type = "t3.small", disk = 20 }
    "web02"           = { role = "storefront", type = "t3.small", disk = 20 }
    "api01"           = { role = "api", type = "t3.medium", disk = 20 }
    "worker01"        = { role = "worker", type = "t3.small", disk = 30 }
    "redis01"         = { role = "redis", type = "t3.small", disk = 20 }
    "rabbitmq01"      = { role = "rabbitmq", type = "t3.small", disk = 20 }
    "es01"            = { role = "search", type = "t3.large", disk = 50 }
  }
}

# Staging VPC, a smaller copy of production's (no database subnets, no VPN:
# search runs in AWS here).
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.1.2"

  name = "acme-stage"
  cidr = "10.30.0.0/16"

  azs             = ["eu-west-1a", "eu-west-1b"]
  public_subnets  = ["10.30.0.0/24", "10.30.1.0/24"]
  private_subnets = ["10.30.10.0/24", "10.30.11.0/24"]

  enable_nat_gateway   = true
  single_nat_gateway   = true
  enable_dns_hostnames = true
}

# Private zone for the *.stage.aws.acme-shop.internal names.
resource "aws_route53_zone" "internal" {
  name = "stage.aws.acme-shop.internal"

  vpc {
    vpc_id = module.vpc.vpc_id
  }
}

# Staging is reachable from the office and the ops VPN only, production
# rules otherwise.
resource "aws_security_group" "stage" {
  name        = "acme-stage"
  description = "Everything in staging"
  vpc_id      = module.vpc.vpc_id

  ingress {
    description = "Inside the VPC"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    self        = true
  }

  dynamic "ingress" {
    for_each = ["203.0.113.10/32", "198.51.100.0/28"]
    content {
      description = "SSH to the bastion from ${ingress.value}"
      from_port   = 2222
      to_port     = 2222
      protocol    = "tcp"
      cidr_blocks = [ingress.value]
    }
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# SSH jump host for staging: bastion.stage.acme-shop.com, port 2222.
module "bastion" {
  source = "../../modules/ec2-host"

  name               = "bastion"
  domain             = local.domain
  zone_id            = aws_route53_zone.internal.zone_id
  role               = "bastion"
  instance_type      = "t3.micro"
  subnet_id          = module.vpc.public_subnets[0]
  security_group_ids = [aws_security_group.stage.id]
  key_name           = "acme-stage-aws"
  public             = true
}

# The app and CI hosts, one module instance each.
module "host" {
  source   = "../../modules/ec2-host"
  for_each = local.hosts

  name               = each.key
  domain             = local.domain
  zone_id            = aws_route53_zone.internal.zone_id
  role               = each.value.role
  instance_type      = each.value.type
  root_volume_size   = each.value.disk
  subnet_id          = module.vpc.private_subnets[0]
  security_group_ids = [aws_security_group.stage.id]
  key_name           = "acme-stage-aws"
}

# PostgreSQL 15, no replica: restored every Sunday from an anonymised
# production dump, so it needs room for two copies of the database.
module "pg01" {
  source = "../../modules/ec2-host"

  name               = "pg01"
  domain             = "stage.aws.acme-shop.internal"
  zone_id            = aws_route53_zone.internal.zone_id
  role               = "postgres"
  instance_type      = "r6i.large"
  root_volume_size   = 300
  subnet_id          = module.vpc.private_subnets[1]
  security_group_ids = [aws_security_group.stage.id]
  key_name           = "acme-stage-aws"
}

# The public zone acme-shop.com lives in the production account, hence the
# literal zone ID instead of a data source.
resource "aws_route53_record" "bastion_public" {
  zone_id = "Z0712345ACMESHOP"
  name    = "bastion.stage.acme-shop.com"
  type    = "A"
  ttl     = 300
  records = [module.bastion.public_ip]
}

# The shared registry's address, from the shared root's state: apply
# terraform/shared/aws first.
data "terraform_remote_state" "shared" {
  backend = "s3"
  config = {
    bucket = "acme-terraform-state"
    key    = "shared/aws/terraform.tfstate"
    region = "eu-west-1"
  }
}
