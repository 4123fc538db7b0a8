# SSH to the bastion on port 2222, from the office and the ops VPN only.
resource "aws_security_group" "bastion" {
  name        = "acme-prod-bastion"
  description = "SSH on 2222 from the office and the ops VPN"
  vpc_id      = module.vpc.vpc_id

  dynamic "ingress" {
    for_each = var.office_cidrs
    content {
      description = "SSH from ${ingress.value}"
      from_port   = 2222
      to_port     = 2222
      protocol    = "tcp"
      cidr_blocks = [ingress.value]
    }
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# The Jenkins hosts. Only jenkins-agent03 deploys, but the agents are
# interchangeable, so they all share this group.
resource "aws_security_group" "ci" {
  name        = "acme-prod-ci"
  description = "Jenkins controller and agents"
  vpc_id      = module.vpc.vpc_id

  ingress {
    description     = "Jenkins UI and webhooks from the ALB"
    from_port       = 8080
    to_port         = 8080
    protocol        = "tcp"
    security_groups = [aws_security_group.alb.id]
  }

  ingress {
    description = "Inbound agents (JNLP) from inside the VPC"
    from_port   = 50000
    to_port     = 50000
    protocol    = "tcp"
    cidr_blocks = [var.vpc_cidr]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# Baseline for every private host: SSH from the bastion and from the Jenkins
# agents (the deploy jobs run Ansible there), metrics and logs from GCP.
resource "aws_security_group" "internal" {
  name        = "acme-prod-internal"
  description = "SSH from bastion and CI, monitoring from GCP"
  vpc_id      = module.vpc.vpc_id

  ingress {
    description     = "SSH from the bastion and the Jenkins agents"
    from_port       = 22
    to_port         = 22
    protocol        = "tcp"
    security_groups = [aws_security_group.bastion.id, aws_security_group.ci.id]
  }

  dynamic "ingress" {
    for_each = local.monitoring_ports
    content {
      description = "${ingress.key} from GCP monitoring over the VPN"
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = [var.gcp_cidr]
    }
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# The public load balancer: HTTPS from anywhere, HTTP only to redirect.
resource "aws_security_group" "alb" {
  name        = "acme-prod-alb"
  description = "HTTP and HTTPS from the internet"
  vpc_id      = module.vpc.vpc_id

  dynamic "ingress" {
    for_each = [80, 443]
    content {
      from_port        = ingress.value
      to_port          = ingress.value
      protocol         = "tcp"
      cidr_blocks      = ["0.0.0.0/0"]
      ipv6_cidr_blocks = ["::/0"]
    }
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = [var.vpc_cidr]
  }
}

# Storefront (nginx on 80) and API (8080) hosts, reachable from the ALB only.
resource "aws_security_group" "app" {
  name        = "acme-prod-app"
  description = "web, api and worker hosts"
  vpc_id      = module.vpc.vpc_id

  ingress {
    description     = "nginx from the ALB"
    from_port       = 80
    to_port         = 80
    protocol        = "tcp"
    security_groups = [aws_security_group.alb.id]
  }

  ingress {
    description     = "API from the ALB"
    from_port       = 8080
    to_port         = 8080
    protocol        = "tcp"
    security_groups = [aws_security_group.alb.id]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# PostgreSQL, Redis (with Sentinel) and RabbitMQ, open to the app hosts and
# to CI (database migrations run from jenkins-agent03 during deploys).
resource "aws_security_group" "data" {
  name        = "acme-prod-data"
  description = "PostgreSQL, Redis and RabbitMQ from app and CI"
  vpc_id      = module.vpc.vpc_id

  dynamic "ingress" {
    for_each = {
      postgres       = 5432
      redis          = 6379
      redis_sentinel = 26379
      rabbitmq       = 5672
    }
    content {
      description     = "${ingress.key} from app and CI"
      from_port       = ingress.value
      to_port         = ingress.value
      protocol        = "tcp"
      security_groups = [aws_security_group.app.id, aws_security_group.ci.id]
    }
  }

  ingress {
    description = "Replication and Sentinel between the data hosts"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    self        = true
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
