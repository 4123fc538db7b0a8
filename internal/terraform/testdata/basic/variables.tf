# Who is paged.
variable "owner" {
  description = "Team that owns the CI"
  type        = string
  default     = "ci"
}

variable "runners" {
  type    = number
  default = 2
}

# The master database password. Rotate yearly.
variable "db_master" {
  description = "Database master password"
  type        = string
  default     = "s3cr3t-default-value"
  sensitive   = true
}

variable "api_token" {
  default = "tok-literal-value"
}

variable "subnets" {
  type = map(object({
    cidr = string
  }))
  default = {
    a = { cidr = "10.0.1.0/24" }
  }
}
