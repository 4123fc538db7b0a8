variable "name" {
  description = "Short host name, e.g. web01; becomes the Name tag and <name>.<domain> in DNS."
  type        = string
}

variable "domain" {
  description = "Private DNS zone the host is registered in."
  type        = string
}

variable "zone_id" {
  description = "Route 53 zone ID of var.domain."
  type        = string
}

variable "role" {
  description = "What the host is for; the Role tag."
  type        = string
}

variable "instance_type" {
  description = "EC2 instance type."
  type        = string
  default     = "t3.small"
}

variable "subnet_id" {
  description = "Subnet to launch in."
  type        = string
}

variable "security_group_ids" {
  description = "Security groups to attach."
  type        = list(string)
}

variable "key_name" {
  description = "EC2 key pair; the private half is in private_keys/, not in git."
  type        = string
}

variable "root_volume_size" {
  description = "Root volume size in GB."
  type        = number
  default     = 20
}

variable "public" {
  description = "Give the host an Elastic IP (only the bastion should)."
  type        = bool
  default     = false
}
