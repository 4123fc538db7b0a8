# Copyright header: nobody reads this.


terraform {
  required_version = ">= 1.5"
}

# Jenkins controller: runs every build of the shop.
# Ask #ci before resizing.
resource "aws_instance" "jenkins" {
  ami               = "ami-0abcdef1234567890"
  instance_type     = "t3.large"
  availability_zone = "eu-west-1b"
  monitoring        = true
  cpu_core_count    = 2
  ebs_optimized     = null
  user_data         = "${local.prefix}-boot"
  subnet_id         = aws_subnet.ci.id

  root_block_device {
    volume_size = 100
  }

  tags = {
    Name        = "jenkins01"
    Team        = "ci"
    "cost-center" = 42
    Owner       = var.owner
  }
}

/* The DR runner lives in Frankfurt.
 * It only starts when the main site is down.
 */

resource "aws_instance" "runner" {
  provider      = aws.dr
  count         = var.runners
  ami           = data.aws_ami.ubuntu.id
  instance_type = "t3.medium"
}

# A stray comment.


resource "aws_subnet" "ci" {
  vpc_id     = "vpc-123"
  cidr_block = "10.0.1.0/24"
}

// Newest Ubuntu LTS from Canonical.
data "aws_ami" "ubuntu" {
  most_recent = true
  owners      = ["099720109477"]
  filter {
    name   = "name"
    values = ["ubuntu/images/*"]
  }
}

resource "aws_db_instance" "shop" {
  engine   = "postgres"
  password = "hunter2-literal"
  region   = "eu-west-3"
  tags     = merge(local.tags, { Name = "shopdb", Env = var.env })
}
