# A plain Ubuntu 22.04 host with a DNS name, the way staging builds all of
# its machines. Production predates this module and declares its instances
# one by one (terraform/production/aws).

# Same image as production: Ubuntu 22.04 LTS from Canonical.
data "aws_ami" "ubuntu" {
  most_recent = true
  owners      = ["099720109477"]

  filter {
    name   = "name"
    values = ["ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*"]
  }
}

# The host itself; Ansible takes over from here.
resource "aws_instance" "this" {
  ami                    = data.aws_ami.ubuntu.id
  instance_type          = var.instance_type
  subnet_id              = var.subnet_id
  key_name               = var.key_name
  vpc_security_group_ids = var.security_group_ids

  root_block_device {
    volume_size = var.root_volume_size
    volume_type = "gp3"
    encrypted   = true
  }

  tags = {
    Name     = var.name
    Role     = var.role
    Hostname = "${var.name}.${var.domain}"
  }

  lifecycle {
    ignore_changes = [ami]
  }
}

# Only the bastion gets a public address.
resource "aws_eip" "this" {
  count = var.public ? 1 : 0

  instance = aws_instance.this.id
  domain   = "vpc"
}

# <name>.<domain>, the name the staging inventory uses.
resource "aws_route53_record" "this" {
  zone_id = var.zone_id
  name    = "${var.name}.${var.domain}"
  type    = "A"
  ttl     = 300
  records = [aws_instance.this.private_ip]
}
