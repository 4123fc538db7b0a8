# Still here when its neighbours are broken.
resource "aws_instance" "good" {
  instance_type = "t3.micro"
}
