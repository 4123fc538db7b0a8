# Jenkins controller (jenkins01): schedules every pipeline, keeps the job
# configs and the credentials; UI at https://ci.acme-shop.com. Moved from GCP
# to AWS in March 2023 (docs/adr/0001-move-ci-to-aws.md) so deploys use an
# instance role instead of long-lived AWS access keys stored in Jenkins.
resource "aws_instance" "jenkins" {
  # Pinned Ubuntu 20.04 image: jenkins01 is the last focal host (hence
  # python3.8 in the inventory) until the plugin upgrade, INFRA-198.
  ami           = "ami-0d2a4a5d69e46ea0b"
  instance_type = var.instance_types["jenkins"]
  subnet_id     = module.vpc.private_subnets[0]

  # Still the key pair the 2023 migration created it with. Since the
  # 2025-08-12 incident deploy's authorized_keys also holds acme-prod-aws,
  # which is what the inventory uses; changing key_name here would replace
  # the instance.
  key_name = "acme-ci-legacy"

  vpc_security_group_ids = [aws_security_group.internal.id, aws_security_group.ci.id]
  iam_instance_profile   = aws_iam_instance_profile.jenkins.name

  root_block_device {
    volume_size = 30
    volume_type = "gp3"
    encrypted   = true
  }

  tags = {
    Name     = "jenkins01"
    Role     = "ci-controller"
    Hostname = "jenkins01.prod.aws.acme-shop.internal"
  }
}

# /var/lib/jenkins on its own volume: it survives a rebuild of jenkins01 and
# the nightly snapshot (aws_dlm_lifecycle_policy.nightly) stays small.
resource "aws_ebs_volume" "jenkins_home" {
  availability_zone = "eu-west-1a"
  size              = 200
  type              = "gp3"
  encrypted         = true

  tags = {
    Name     = "jenkins01-home"
    Snapshot = "nightly"
  }
}

resource "aws_volume_attachment" "jenkins_home" {
  device_name = "/dev/sdf"
  volume_id   = aws_ebs_volume.jenkins_home.id
  instance_id = aws_instance.jenkins.id
}

# Nightly snapshots of every volume tagged Snapshot=nightly (jenkins01-home
# and the PostgreSQL data volumes), kept for 14 days.
resource "aws_dlm_lifecycle_policy" "nightly" {
  description        = "Nightly EBS snapshots, 14 days"
  execution_role_arn = "arn:aws:iam::482109371150:role/AWSDataLifecycleManagerDefaultRole"
  state              = "ENABLED"

  policy_details {
    resource_types = ["VOLUME"]

    schedule {
      name      = "nightly"
      copy_tags = true

      create_rule {
        interval      = 24
        interval_unit = "HOURS"
        times         = ["01:30"]
      }

      retain_rule {
        count = 14
      }
    }

    target_tags = {
      Snapshot = "nightly"
    }
  }
}

# Build agents, identical machines; the work is split with Jenkins labels:
# jenkins-agent01 builds and tests the storefront and admin apps,
# jenkins-agent02 builds the API images and pushes them to ECR,
# jenkins-agent03 runs the nightly e2e checkout tests and the production deploys.
resource "aws_instance" "jenkins_agent" {
  count = var.jenkins_agent_count

  ami                    = data.aws_ami.ubuntu.id
  instance_type          = var.instance_types["jenkins_agent"]
  subnet_id              = module.vpc.private_subnets[count.index % length(module.vpc.private_subnets)]
  key_name               = var.ssh_key_name
  vpc_security_group_ids = [aws_security_group.internal.id, aws_security_group.ci.id]
  iam_instance_profile   = aws_iam_instance_profile.jenkins_agent.name

  # Docker images and layer cache; 100 GB filled up twice in 2025.
  root_block_device {
    volume_size = 150
    volume_type = "gp3"
    encrypted   = true
  }

  tags = {
    Name = "jenkins-agent0${count.index + 1}"
    Role = "ci-agent"
  }

  lifecycle {
    ignore_changes = [ami]
  }
}

# The agents push images to ECR and jenkins-agent03 deploys: this role
# replaced the jenkins-legacy IAM user and its access keys (see
# incidents/2025-03-18-checkout-skimmer.md).
resource "aws_iam_role" "jenkins_agent" {
  name = "acme-prod-jenkins-agent"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "jenkins_agent_ecr" {
  role       = aws_iam_role.jenkins_agent.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser"
}

# Deploys upload the storefront's static bundle and invalidate CloudFront.
resource "aws_iam_role_policy" "jenkins_agent_static" {
  name = "static-deploy"
  role = aws_iam_role.jenkins_agent.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:PutObject", "s3:DeleteObject", "s3:ListBucket"]
        Resource = [aws_s3_bucket.static.arn, "${aws_s3_bucket.static.arn}/*"]
      },
      {
        Effect   = "Allow"
        Action   = ["cloudfront:CreateInvalidation"]
        Resource = [aws_cloudfront_distribution.static.arn]
      },
    ]
  })
}

resource "aws_iam_instance_profile" "jenkins_agent" {
  name = "acme-prod-jenkins-agent"
  role = aws_iam_role.jenkins_agent.name
}

# Session Manager access to jenkins01, so an outage no longer depends on
# whoever holds the SSH key (added after incidents/2025-08-12-jenkins-disk-full.md).
resource "aws_iam_role" "jenkins" {
  name = "acme-prod-jenkins-controller"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "jenkins_ssm" {
  role       = aws_iam_role.jenkins.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

resource "aws_iam_instance_profile" "jenkins" {
  name = "acme-prod-jenkins-controller"
  role = aws_iam_role.jenkins.name
}

# Image repositories the agents push to and the app hosts pull from.
resource "aws_ecr_repository" "app" {
  for_each = toset(["storefront", "api", "worker"])

  name                 = "acme/${each.key}"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }
}
