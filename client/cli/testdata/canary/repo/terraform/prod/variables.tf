variable "admin_pass" {
  description = "Admin of ctl44ok"
  type        = string
  default     = "vpa4x2p0k0kujq72"
}

variable "replica_dsn" {
  description = "Replica for ctl45ok"
  type        = string
  default     = "postgres://app:ur78djlanjifwr71@replica.example.internal/ctl45ok"
}

variable "db_password" {
  description = "Sensitive default for ctl46ok"
  type        = string
  sensitive   = true
  default     = "p3f86tbm0mf2nc86"
}
