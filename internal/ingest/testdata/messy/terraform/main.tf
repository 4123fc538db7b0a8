provider "aws" {
  region = "eu-central-1"
}

# The CI agent: builds and ships the shop's Docker images.
# Kept on a t3.large because builds run out of memory on anything smaller.

resource "aws_instance" "ci" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.large"
  private_ip    = "10.1.0.11"

  tags = {
    Name = "ci-agent-01"
  }
}

resource "aws_s3_bucket" "artifacts" {
  bucket = "messy-artifacts"
}
