resource "aws_instance" "half" {
  ami = "ami-1"

resource "aws_instance" "other" {
