resource "aws_instance" "before" {
  instance_type = "t3.nano"
}

resource "aws_instance" "unclosed" {
  instance_type = "t3.small"

