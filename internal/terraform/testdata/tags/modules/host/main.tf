# One machine, named by its Name tag.
variable "name" {}

resource "aws_instance" "this" {
  instance_type = "t3.small"
  tags          = { Name = var.name, Role = "bastion" }
}
