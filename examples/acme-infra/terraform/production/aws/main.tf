locals {
  name_prefix   = "acme-prod"
  internal_zone = "prod.aws.acme-shop.internal"
  azs           = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]

  # Ports every host accepts from GCP: Prometheus scrapes node_exporter,
  # Loki's promtail exposes its own metrics.
  monitoring_ports = {
    node_exporter = 9100
    promtail      = 9080
  }

  # The names the Ansible inventory uses (inventories/production/hosts.ini)
  # and their private addresses; aws_route53_record.host publishes them.
  host_ips = merge(
    { "bastion" = aws_instance.bastion.private_ip },
    { "jenkins01" = aws_instance.jenkins.private_ip },
    { for i in range(var.jenkins_agent_count) : format("jenkins-agent%02d", i + 1) => aws_instance.jenkins_agent[i].private_ip },
    { for name, host in aws_instance.web : name => host.private_ip },
    { for i in range(3) : format("api%02d", i + 1) => aws_instance.api[i].private_ip },
    { "worker01" = aws_instance.worker01.private_ip },
    { "worker02" = aws_instance.worker02.private_ip },
    { "pg-primary01" = aws_instance.pg_primary.private_ip },
    { "pg-replica01" = aws_instance.pg_replica.private_ip },
    { for name, host in aws_instance.redis : name => host.private_ip },
    { "rabbitmq01" = aws_instance.rabbitmq.private_ip },
  )
}

# Ubuntu 22.04 LTS from Canonical, for every host except jenkins01. Instances
# ignore AMI changes, so a newer image only applies to rebuilt hosts.
data "aws_ami" "ubuntu" {
  most_recent = true
  owners      = ["099720109477"] # Canonical

  filter {
    name   = "name"
    values = ["ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*"]
  }

  filter {
    name   = "virtualization-type"
    values = ["hvm"]
  }
}

# The public zone is registered at Gandi and delegated to Route 53 by hand.
data "aws_route53_zone" "public" {
  name = "acme-shop.com"
}

# One VPC for all of production: public subnets for the ALB, the bastion and
# the NAT gateway, private subnets for CI and the app hosts, database subnets
# for PostgreSQL and RDS. The VPN gateway is the AWS end of the tunnel to GCP.
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.5.1"

  name = "acme-prod"
  cidr = var.vpc_cidr

  azs              = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  public_subnets   = ["10.20.0.0/24", "10.20.1.0/24", "10.20.2.0/24"]
  private_subnets  = ["10.20.10.0/24", "10.20.11.0/24", "10.20.12.0/24"]
  database_subnets = ["10.20.20.0/24", "10.20.21.0/24", "10.20.22.0/24"]

  create_database_subnet_group = true
  enable_nat_gateway           = true
  single_nat_gateway           = true # one NAT is enough for us and saves ~70 USD a month
  enable_dns_hostnames         = true
  enable_vpn_gateway           = true

  propagate_private_route_tables_vgw = true
}

# Private zone for the *.prod.aws.acme-shop.internal names in the inventory.
# It is also forwarded from GCP Cloud DNS so Prometheus can use the names.
resource "aws_route53_zone" "internal" {
  name    = "prod.aws.acme-shop.internal"
  comment = "Host names used by the Ansible inventory"

  vpc {
    vpc_id = module.vpc.vpc_id
  }
}

# One A record per inventory host.
resource "aws_route53_record" "host" {
  for_each = local.host_ips

  zone_id = aws_route53_zone.internal.zone_id
  name    = "${each.key}.${local.internal_zone}"
  type    = "A"
  ttl     = 300
  records = [each.value]
}

# SSH jump host: the only instance reachable over SSH from outside, and only
# from the office and the ops VPN (aws_security_group.bastion). sshd listens
# on 2222 to keep the brute-force noise out of auth.log.
resource "aws_instance" "bastion" {
  ami                    = data.aws_ami.ubuntu.id
  instance_type          = var.instance_types["bastion"]
  subnet_id              = module.vpc.public_subnets[0]
  key_name               = var.ssh_key_name
  vpc_security_group_ids = [aws_security_group.bastion.id]

  user_data = <<-EOT
    #!/bin/sh
    sed -i 's/^#\?Port 22$/Port 2222/' /etc/ssh/sshd_config
    systemctl restart ssh
  EOT

  tags = {
    Name     = "bastion"
    Role     = "bastion"
    Hostname = "bastion.acme-shop.com"
  }

  lifecycle {
    ignore_changes = [ami, user_data]
  }
}

# A fixed public address: it is whitelisted in the office firewall and in
# the payment provider's SFTP settlement server.
resource "aws_eip" "bastion" {
  instance = aws_instance.bastion.id
  domain   = "vpc"

  tags = {
    Name = "bastion"
  }
}

resource "aws_route53_record" "bastion" {
  zone_id = data.aws_route53_zone.public.zone_id
  name    = "bastion.acme-shop.com"
  type    = "A"
  ttl     = 300
  records = [aws_eip.bastion.public_ip]
}

# The GCP end of the site-to-site VPN (a Classic VPN gateway in
# europe-west1). That side was set up by hand in the console in 2023 and is
# not in terraform/production/gcp yet.
resource "aws_customer_gateway" "gcp" {
  bgp_asn    = 65000
  ip_address = "35.205.61.14"
  type       = "ipsec.1"

  tags = {
    Name = "gcp-europe-west1"
  }
}

# The tunnel Prometheus, Loki and the API's Elasticsearch queries go through.
resource "aws_vpn_connection" "gcp" {
  vpn_gateway_id      = module.vpc.vgw_id
  customer_gateway_id = aws_customer_gateway.gcp.id
  type                = "ipsec.1"
  static_routes_only  = true

  tags = {
    Name = "acme-prod-to-gcp"
  }
}

resource "aws_vpn_connection_route" "gcp" {
  destination_cidr_block = var.gcp_cidr
  vpn_connection_id      = aws_vpn_connection.gcp.id
}
