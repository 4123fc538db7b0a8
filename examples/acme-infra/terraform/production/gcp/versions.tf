# Same Terraform range as the AWS side; the google provider is pinned to 5.x
# because 6.x renamed the labels handling we rely on for the billing export.
terraform {
  required_version = ">= 1.6.0, < 2.0.0"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 5.30"
    }
  }

  # Unlike AWS, this state is already remote.
  backend "gcs" {
    bucket = "acme-prod-terraform-state"
    prefix = "production/gcp"
  }
}
