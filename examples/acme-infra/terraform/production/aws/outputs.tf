output "vpc_id" {
  description = "The production VPC (aws_vpc_id in group_vars/prod-aws.yml)."
  value       = module.vpc.vpc_id
}

output "bastion_public_ip" {
  description = "Public address of bastion.acme-shop.com; SSH on port 2222."
  value       = aws_eip.bastion.public_ip
}

output "alb_dns_name" {
  description = "The public ALB behind www, api and ci.acme-shop.com."
  value       = aws_lb.public.dns_name
}

output "jenkins_private_ip" {
  description = "jenkins01's private address."
  value       = aws_instance.jenkins.private_ip
}

output "jenkins_agent_private_ips" {
  description = "jenkins-agent01..03, in order."
  value       = aws_instance.jenkins_agent[*].private_ip
}

output "web_private_ips" {
  description = "Storefront hosts by name."
  value       = { for name, host in aws_instance.web : name => host.private_ip }
}

output "pg_primary_private_ip" {
  description = "pg-primary01's fixed private address."
  value       = aws_instance.pg_primary.private_ip
}

output "db_endpoint" {
  description = "Endpoint of the RDS instance that will replace pg-primary01 (no traffic yet)."
  value       = aws_db_instance.shop.endpoint
}

# Read by the Ansible role that sets up logical replication into RDS:
#   terraform output -raw db_admin_password
output "db_admin_password" {
  description = "Master password of the RDS instance."
  value       = aws_db_instance.shop.password
  sensitive   = true
}

output "cdn_domain_name" {
  description = "CloudFront domain behind static.acme-shop.com."
  value       = aws_cloudfront_distribution.static.domain_name
}
