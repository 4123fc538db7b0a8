resource "aws_instance" {
  instance_type = "t3.small"
}
