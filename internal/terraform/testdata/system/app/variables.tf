variable "region" {
  default = "eu-west-1"
}

variable "web_size" {
  default = "t3.small"
}

variable "db_class" {
  default = "db.t3.micro"
}

variable "db_password" {
  sensitive = true
}
