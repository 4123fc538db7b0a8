# One virtual machine with its name tag; the caller's provider places it.

variable "name" {}
variable "size" {}

resource "aws_instance" "this" {
  instance_type = var.size
  tags          = { Name = var.name }
}
