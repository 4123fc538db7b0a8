provider "aws" {
  region = "eu-west-1"
}

# Shop frontends.
resource "aws_instance" "web" {
  count         = 2
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.small"
}

resource "aws_instance" "worker" {
  for_each      = toset(["blue", "green"])
  instance_type = "t3.medium"
}

resource "aws_db_instance" "main" {
  engine   = "postgres"
  username = "shop"
  password = var.db_password
}

resource "google_compute_instance" "search" {
  name         = "search-1"
  machine_type = "e2-standard-4"
  zone         = "europe-west1-c"
}

data "aws_ami" "ubuntu" {
  most_recent = true
}

module "db" {
  source = "./modules/db"
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.0"
}

variable "db_password" {
  type      = string
  sensitive = true
}

output "db_password" {
  value     = aws_db_instance.main.password
  sensitive = true
}
