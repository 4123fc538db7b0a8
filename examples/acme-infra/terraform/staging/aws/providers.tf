# Staging lives in the same region as production, in its own account
# (acme-stage), so a mistake here cannot touch production resources.
provider "aws" {
  region = "eu-west-1"

  default_tags {
    tags = {
      Project     = "acme-shop"
      Environment = "staging"
      ManagedBy   = "terraform"
      Repo        = "acme-infra/terraform/staging/aws"
    }
  }
}
