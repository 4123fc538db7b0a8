locals {
  # Storefront hosts and the private subnet (= availability zone) of each.
  # web04 was added for Black Friday 2024 and stayed.
  web_hosts = {
    web01 = { subnet = 0 }
    web02 = { subnet = 1 }
    web03 = { subnet = 2 }
    web04 = { subnet = 0 }
  }
}

# Storefront: nginx in front of the Next.js server-side rendering app, serving
# www.acme-shop.com through the ALB. Spread over the three AZs.
resource "aws_instance" "web" {
  for_each = local.web_hosts

  ami                    = data.aws_ami.ubuntu.id
  instance_type          = var.instance_types["web"]
  subnet_id              = module.vpc.private_subnets[each.value.subnet]
  key_name               = var.ssh_key_name
  vpc_security_group_ids = [aws_security_group.internal.id, aws_security_group.app.id]

  tags = {
    Name = each.key
    Role = "storefront"
  }

  lifecycle {
    ignore_changes = [ami]
  }
}

# Order and checkout API (api.acme-shop.com): talks to PostgreSQL, Redis,
# RabbitMQ and, over the VPN, to Elasticsearch in GCP.
resource "aws_instance" "api" {
  count = 3

  ami                    = data.aws_ami.ubuntu.id
  instance_type          = var.instance_types["api"]
  subnet_id              = module.vpc.private_subnets[count.index]
  key_name               = var.ssh_key_name
  vpc_security_group_ids = [aws_security_group.internal.id, aws_security_group.app.id]

  tags = {
    Name = "api0${count.index + 1}"
    Role = "api"
  }

  lifecycle {
    ignore_changes = [ami]
  }
}

# Background worker: order emails, invoice PDFs and the stock sync with the
# warehouse; consumes RabbitMQ. Root volume grown to 40 GB after
# incidents/2025-09-30-worker-disk-full.md: the invoice PDF spool lives on it.
resource "aws_instance" "worker01" {
  ami                    = data.aws_ami.ubuntu.id
  instance_type          = var.instance_types["worker"]
  subnet_id              = module.vpc.private_subnets[0]
  key_name               = var.ssh_key_name
  vpc_security_group_ids = [aws_security_group.internal.id, aws_security_group.app.id]

  root_block_device {
    volume_size = 40
    volume_type = "gp3"
  }

  tags = {
    Name = "worker01"
    Role = "worker"
  }

  lifecycle {
    ignore_changes = [ami]
  }
}

resource "aws_instance" "worker02" {
  ami                    = data.aws_ami.ubuntu.id
  instance_type          = var.instance_types["worker"]
  subnet_id              = module.vpc.private_subnets[1]
  key_name               = var.ssh_key_name
  vpc_security_group_ids = [aws_security_group.internal.id, aws_security_group.app.id]

  root_block_device {
    volume_size = 40
    volume_type = "gp3"
  }

  tags = {
    Name = "worker02"
    Role = "worker"
  }

  lifecycle {
    ignore_changes = [ami]
  }
}

# Wildcard certificate for the ALB: www, api and ci.
resource "aws_acm_certificate" "shop" {
  domain_name               = "acme-shop.com"
  subject_alternative_names = ["*.acme-shop.com"]
  validation_method         = "DNS"

  lifecycle {
    create_before_destroy = true
  }
}

# One public ALB for www, api and ci: TLS ends here, host rules pick the
# target group. Cheaper than three load balancers.
resource "aws_lb" "public" {
  name               = "acme-prod-public"
  load_balancer_type = "application"
  subnets            = module.vpc.public_subnets
  security_groups    = [aws_security_group.alb.id]

  access_logs {
    bucket  = "acme-prod-alb-logs"
    enabled = true
  }
}

# nginx on the web hosts; /healthz also checks that Next.js answers.
resource "aws_lb_target_group" "storefront" {
  name     = "acme-prod-storefront"
  port     = 80
  protocol = "HTTP"
  vpc_id   = module.vpc.vpc_id

  health_check {
    path    = "/healthz"
    matcher = "200"
  }
}

resource "aws_lb_target_group" "api" {
  name     = "acme-prod-api"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = module.vpc.vpc_id

  health_check {
    path = "/v1/health"
  }
}

# jenkins01 behind the ALB so GitHub webhooks reach it without a public IP.
resource "aws_lb_target_group" "jenkins" {
  name     = "acme-prod-jenkins"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = module.vpc.vpc_id

  health_check {
    path    = "/login"
    matcher = "200"
  }
}

resource "aws_lb_target_group_attachment" "web" {
  for_each = aws_instance.web

  target_group_arn = aws_lb_target_group.storefront.arn
  target_id        = each.value.id
  port             = 80
}

resource "aws_lb_target_group_attachment" "api" {
  count = length(aws_instance.api)

  target_group_arn = aws_lb_target_group.api.arn
  target_id        = aws_instance.api[count.index].id
  port             = 8080
}

resource "aws_lb_target_group_attachment" "jenkins" {
  target_group_arn = aws_lb_target_group.jenkins.arn
  target_id        = aws_instance.jenkins.id
  port             = 8080
}

# HTTPS: the storefront by default, api.* and ci.* by host name.
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.public.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = aws_acm_certificate.shop.arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.storefront.arn
  }
}

# Plain HTTP only redirects to HTTPS.
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.public.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_lb_listener_rule" "api" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 10

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.api.arn
  }

  condition {
    host_header {
      values = ["api.acme-shop.com"]
    }
  }
}

# ci.acme-shop.com: the Jenkins UI and the GitHub webhooks.
resource "aws_lb_listener_rule" "ci" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 20

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.jenkins.arn
  }

  condition {
    host_header {
      values = ["ci.acme-shop.com"]
    }
  }
}

# www, api and ci all point at the ALB.
resource "aws_route53_record" "alb" {
  for_each = toset(["www", "api", "ci"])

  zone_id = data.aws_route53_zone.public.zone_id
  name    = "${each.key}.acme-shop.com"
  type    = "A"

  alias {
    name                   = aws_lb.public.dns_name
    zone_id                = aws_lb.public.zone_id
    evaluate_target_health = true
  }
}

# Product images and the Next.js static bundle. Versioned since the March
# 2025 breach, so a tampered file can be compared with what we deployed.
resource "aws_s3_bucket" "static" {
  bucket = "acme-prod-static"
}

resource "aws_s3_bucket_versioning" "static" {
  bucket = aws_s3_bucket.static.id

  versioning_configuration {
    status = "Enabled"
  }
}

# CloudFront certificates must live in us-east-1, hence the aliased provider.
resource "aws_acm_certificate" "cdn" {
  provider = aws.us_east_1

  domain_name       = "static.acme-shop.com"
  validation_method = "DNS"

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_cloudfront_origin_access_control" "static" {
  name                              = "acme-prod-static"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

# static.acme-shop.com: takes the image and JS traffic off the web hosts.
# PriceClass_100 (Europe and North America) covers all our customers.
resource "aws_cloudfront_distribution" "static" {
  enabled         = true
  is_ipv6_enabled = true
  comment         = "static.acme-shop.com"
  aliases         = ["static.acme-shop.com"]
  price_class     = "PriceClass_100"

  origin {
    domain_name              = aws_s3_bucket.static.bucket_regional_domain_name
    origin_id                = "s3-static"
    origin_access_control_id = aws_cloudfront_origin_access_control.static.id
  }

  default_cache_behavior {
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    target_origin_id       = "s3-static"
    viewer_protocol_policy = "redirect-to-https"
    compress               = true
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6" # Managed-CachingOptimized
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    acm_certificate_arn      = aws_acm_certificate.cdn.arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }
}

# Only CloudFront may read the static bucket.
resource "aws_s3_bucket_policy" "static" {
  bucket = aws_s3_bucket.static.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "cloudfront.amazonaws.com" }
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.static.arn}/*"
      Condition = {
        StringEquals = { "AWS:SourceArn" = aws_cloudfront_distribution.static.arn }
      }
    }]
  })
}
