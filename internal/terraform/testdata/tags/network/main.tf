terraform {
  backend "s3" {
    bucket = "acme-state"
    key    = "network/terraform.tfstate"
  }
}

# The private subnets every service runs in.
resource "aws_subnet" "private" {
  cidr_block = "10.0.1.0/24"
  tags = {
    Name = "acme-private"
    Tier = "private"
  }
}

# The public subnets the load balancers sit in.
resource "aws_subnet" "public" {
  cidr_block = "10.0.2.0/24"
  tags = {
    Name = "acme-public"
    Tier = "public"
  }
}
