resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}

resource "aws_instance" "bad" {
  instance_type = = "t3.small"
}
