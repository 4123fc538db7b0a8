resource "aws_db_instance" "this" {
  engine = "mysql"
}
