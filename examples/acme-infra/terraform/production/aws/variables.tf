variable "environment" {
  description = "Environment name, used in resource names and tags."
  type        = string
  default     = "production"
}

variable "vpc_cidr" {
  description = "CIDR of the production VPC. Must not overlap the GCP europe-west1 subnet (var.gcp_cidr), the two are joined by a VPN."
  type        = string
  default     = "10.20.0.0/16"
}

variable "gcp_cidr" {
  description = "The GCP europe-west1 subnet where search and monitoring run (terraform/production/gcp). Prometheus and Loki reach AWS hosts from here over the VPN."
  type        = string
  default     = "10.132.0.0/20"
}

# The office has a fixed IP; the second range is the ops VPN egress.
variable "office_cidrs" {
  description = "Addresses allowed to reach the bastion on SSH port 2222."
  type        = list(string)
  default     = ["203.0.113.10/32", "198.51.100.0/28"]
}

variable "ssh_key_name" {
  description = "EC2 key pair of the production hosts. Its private half is private_keys/acme-prod-aws.pem, which is not in git: ask the ops lead."
  type        = string
  default     = "acme-prod-aws"
}

variable "jenkins_agent_count" {
  description = "Number of Jenkins build agents (jenkins-agent01..N). The Jenkins labels assume three."
  type        = number
  default     = 3
}

variable "instance_types" {
  description = "EC2 instance type per role."
  type        = map(string)
  default = {
    bastion       = "t3.micro"
    jenkins       = "t3.large"
    jenkins_agent = "c6i.xlarge"
    web           = "t3.medium"
    api           = "t3.large"
    worker        = "t3.medium"
    postgres      = "r6i.xlarge"
    redis         = "r6i.large"
    rabbitmq      = "t3.medium"
  }
}

variable "alert_email" {
  description = "Where AWS budget and GuardDuty notifications go."
  type        = string
  default     = "ops@acme-shop.com"
}

# Master password of aws_db_instance.shop. The default is only here because
# the RDS migration started as an experiment: it must move to the ops vault
# and TF_VAR_db_admin_password before the cutover (INFRA-341). Never print it.
variable "db_admin_password" {
  description = "Master password of the RDS PostgreSQL instance acme-prod-shop."
  type        = string
  sensitive   = true
  default     = "Acme-Db-Pass-2026!"
}
