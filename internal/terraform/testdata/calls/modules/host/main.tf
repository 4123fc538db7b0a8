variable "name" {}
variable "domain" { default = "internal" }
variable "size" { default = "t3.small" }

# The host itself.
resource "aws_instance" "this" {
  instance_type = var.size
  tags = {
    Name = var.name
  }
}

resource "aws_route53_record" "this" {
  name = "${var.name}.${var.domain}"
}

resource "aws_eip" "this" {
  count    = 1
  instance = aws_instance.this.id
}
