variable "aws_vpc_cidr" {
  description = "The AWS production VPC, reachable over the site-to-site VPN. The API queries Elasticsearch from there; Prometheus and Loki reach into it."
  type        = string
  default     = "10.20.0.0/16"
}

variable "aws_bastion_ip" {
  description = "Private address of bastion.acme-shop.com in AWS: Ansible reaches the GCP hosts through it."
  type        = string
  default     = "10.20.0.5"
}

variable "es_node_count" {
  description = "Elasticsearch master+data nodes (es01..N). es-data03 is managed separately."
  type        = number
  default     = 2
}

# Set by the on-call phone integration; no default on purpose, it comes from
# TF_VAR_alertmanager_pagerduty_key on the machine that runs the plan.
variable "alertmanager_pagerduty_key" {
  description = "Integration key Alertmanager uses to page the on-call phone."
  type        = string
  sensitive   = true
}
