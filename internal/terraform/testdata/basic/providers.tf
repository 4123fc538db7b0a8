# Default region for everything in this account.
provider "aws" {
  region  = "eu-west-1"
  profile = "prod"
}

// Frankfurt copy for the DR site.
provider "aws" {
  alias      = "dr"
  region     = "eu-central-1"
  secret_key = "not-a-real-secret-value"
}
