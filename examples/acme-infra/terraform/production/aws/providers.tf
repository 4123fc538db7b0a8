# Everything customer-facing runs in Ireland, close to most of our customers
# (UK, Ireland, Benelux). default_tags puts Project/Environment on every
# resource so the cost report can split production from staging.
provider "aws" {
  region = "eu-west-1"

  default_tags {
    tags = {
      Project     = "acme-shop"
      Environment = "production"
      ManagedBy   = "terraform"
      Repo        = "acme-infra/terraform/production/aws"
    }
  }
}

# us-east-1 for two things only: CloudFront accepts ACM certificates from
# us-east-1 alone, and the database backups are replicated there so an
# outage in eu-west-1 cannot take our only copy of the dumps with it.
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"

  default_tags {
    tags = {
      Project     = "acme-shop"
      Environment = "production"
      ManagedBy   = "terraform"
      Repo        = "acme-infra/terraform/production/aws"
    }
  }
}
