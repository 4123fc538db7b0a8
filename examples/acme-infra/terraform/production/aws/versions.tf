# Pinned since the AWS provider 5.x upgrade in 2024. Bump Terraform and the
# provider together, and run the first plan against production from
# jenkins-agent03 (the only agent with the deploy role), never from a laptop.
terraform {
  required_version = ">= 1.6.0, < 2.0.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }

  # No backend block: the state is still local, in terraform.tfstate next to
  # this file, in this private repository. It contains the RDS master
  # password in clear text. Moving it to S3 with DynamoDB locking is
  # INFRA-212 (see docs/architecture.md, "Known gaps").
}
