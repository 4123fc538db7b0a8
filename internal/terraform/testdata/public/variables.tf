variable "create" {
  description = "Controls if resources should be created"
  type        = bool
  default     = true
}

variable "ingress_ports" {
  type    = list(number)
  default = [80, 443]
}
