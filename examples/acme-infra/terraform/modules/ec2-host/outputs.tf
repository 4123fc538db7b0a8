output "id" {
  description = "EC2 instance ID."
  value       = aws_instance.this.id
}

output "private_ip" {
  description = "Private address."
  value       = aws_instance.this.private_ip
}

output "public_ip" {
  description = "Elastic IP, when var.public is set."
  value       = var.public ? aws_eip.this[0].public_ip : null
}
