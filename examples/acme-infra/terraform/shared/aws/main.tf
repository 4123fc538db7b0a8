# What every environment shares, in the acme-shared account: the container
# registry Jenkins pushes the storefront images to. Apply this before any
# environment: staging reads its outputs through terraform_remote_state.
terraform {
  required_version = ">= 1.6.0, < 2.0.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }

  # The first state moved to S3 (INFRA-212); production follows.
  backend "s3" {
    bucket = "acme-terraform-state"
    key    = "shared/aws/terraform.tfstate"
    region = "eu-west-1"
  }
}

provider "aws" {
  region = "eu-west-1"
}

variable "tag_mutability" {
  description = "Whether an image tag may be pushed again."
  default     = "MUTABLE"
}

# Storefront images, built by jenkins-agent02 and pulled by every
# environment's web hosts.
resource "aws_ecr_repository" "storefront" {
  name                 = "acme/storefront"
  image_tag_mutability = var.tag_mutability
}

output "storefront_repository_url" {
  value = aws_ecr_repository.storefront.repository_url
}
