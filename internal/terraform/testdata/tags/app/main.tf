terraform {
  backend "s3" {
    bucket = "acme-state"
    key    = "app/terraform.tfstate"
  }
}

# filter values are alternatives: the private subnet is one of them.
data "aws_subnet" "private" {
  filter {
    name   = "tag:Name"
    values = ["acme-private", "legacy-private"]
  }
}

# Every filter and tag must hold: no subnet is both private and public.
data "aws_subnet" "none" {
  filter {
    name   = "tag:Name"
    values = ["acme-private"]
  }
  tags = { Tier = "public" }
}

# A plural data source finds resources of the singular type.
data "aws_subnets" "public" {
  filter {
    name   = "tag:Tier"
    values = ["public"]
  }
}

# A value that is not literal finds nothing that can be known.
data "aws_subnet" "computed" {
  filter {
    name   = "tag:Name"
    values = [var.subnet_name]
  }
}

# A machine created through a module call in another root.
data "aws_instance" "bastion" {
  instance_tags = { Name = "bastion01" }
}

variable "subnet_name" { default = "acme-private" }
