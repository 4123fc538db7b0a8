variable "db_password" {
  type      = string
  sensitive = true
}

# How long API tokens live, in seconds.
variable "token_ttl" {
  default = 3600
}

variable "admin_password" {
  default = ""
}

provider "aws" {
  region = "eu-west-1"
}

# The shop's frontend, behind the ALB.
resource "aws_instance" "web" {
  ami = "ami-123"
}

resource "aws_db_instance" "main" {
  password = var.db_password
  tags = {
    Purpose = "the shop's orders and customers"
  }
}

data "aws_ami" "ubuntu" {
  most_recent = true
}

# Where Alertmanager finds the PagerDuty key: the name of a secret, not the secret.
resource "google_secret_manager_secret" "pagerduty" {
  secret_id = "alertmanager-pagerduty-key"
}
