locals {
  prefix = "ci"
  size   = 1.5
  name   = "${local.prefix}-jenkins"
  db_password = "local-secret-value"
  tags = {
    Team = "ci"
  }
}

# Where to point the browser.
output "jenkins_ip" {
  description = "Public IP of Jenkins"
  value       = aws_instance.jenkins.public_ip
}

output "db_password" {
  value     = "output-literal-secret"
  sensitive = true
}
