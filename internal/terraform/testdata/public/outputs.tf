output "vpc_id" {
  description = "The ID of the VPC"
  value       = module.vpc.vpc_id
}

output "web_sg_id" {
  value = try(aws_security_group.web[0].id, null)
}
