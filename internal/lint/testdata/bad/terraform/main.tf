variable "db_password" {
  type    = string
  default = "hunter2"
}

variable "api_secret" {
  sensitive = true
  default   = "s3cr3t"
}

variable "admin_password" {
  default = ""
}

provider "aws" {
  region     = "eu-west-1"
  secret_key = "plainsecretkey"
}

resource "aws_instance" "web" {
  ami = "ami-123"
}

# Database for the shop
resource "aws_db_instance" "main" {
  password = "dbpass123"
}

resource "aws_s3_bucket" "assets" {
  tags = {
    Purpose = "static assets"
  }
}

data "aws_ami" "ubuntu" {
  most_recent = true
}

# The shop's session cache.
module "cache01" {
  source  = "terraform-aws-modules/elasticache/aws"
  version = "1.2.0"
}

# Break-glass bastion; Windows, so AWS may hand out its password data.
resource "aws_instance" "bastion" {
  get_password_data = "false"
}
