# PostgreSQL 15 primary (pg-primary01) on EC2, configured by Ansible (group
# prod-db): orders, customers and the catalogue. The address is fixed because
# pg_hba.conf on the replica and the replication slots refer to it.
resource "aws_instance" "pg_primary" {
  ami                    = data.aws_ami.ubuntu.id
  instance_type          = var.instance_types["postgres"]
  subnet_id              = module.vpc.database_subnets[0]
  private_ip             = "10.20.20.10"
  key_name               = var.ssh_key_name
  vpc_security_group_ids = [aws_security_group.internal.id, aws_security_group.data.id]

  root_block_device {
    volume_size = 50
    volume_type = "gp3"
    encrypted   = true
  }

  # /var/lib/postgresql
  ebs_block_device {
    device_name = "/dev/sdf"
    volume_size = 500
    volume_type = "gp3"
    iops        = 6000
    throughput  = 250
    encrypted   = true
    tags = {
      Name     = "pg-primary01-data"
      Snapshot = "nightly"
    }
  }

  tags = {
    Name = "pg-primary01"
    Role = "postgres-primary"
  }

  lifecycle {
    ignore_changes  = [ami]
    prevent_destroy = true
  }
}

# Streaming replica (pg-replica01): read-only reporting queries and the
# nightly pg_dump to S3, so the dump never loads the primary. It is also the
# failover target: sops/postgres-failover.md.
resource "aws_instance" "pg_replica" {
  ami                    = data.aws_ami.ubuntu.id
  instance_type          = var.instance_types["postgres"]
  subnet_id              = module.vpc.database_subnets[1]
  private_ip             = "10.20.21.10"
  key_name               = var.ssh_key_name
  vpc_security_group_ids = [aws_security_group.internal.id, aws_security_group.data.id]
  iam_instance_profile   = aws_iam_instance_profile.pg_backup.name

  root_block_device {
    volume_size = 50
    volume_type = "gp3"
    encrypted   = true
  }

  ebs_block_device {
    device_name = "/dev/sdf"
    volume_size = 500
    volume_type = "gp3"
    iops        = 6000
    throughput  = 250
    encrypted   = true
    tags = {
      Name     = "pg-replica01-data"
      Snapshot = "nightly"
    }
  }

  tags = {
    Name = "pg-replica01"
    Role = "postgres-replica"
  }

  lifecycle {
    ignore_changes = [ami]
  }
}

# The name the API and the workers connect to. A failover changes this record
# and nothing in the apps (added after incidents/2026-01-22-pg-primary-lost.md).
resource "aws_route53_record" "db" {
  zone_id = aws_route53_zone.internal.zone_id
  name    = "db.prod.aws.acme-shop.internal"
  type    = "CNAME"
  ttl     = 60
  records = ["pg-primary01.prod.aws.acme-shop.internal"]
}

# RDS PostgreSQL 15 that is to replace the two EC2 hosts above (INFRA-340).
# It has received logical replication from pg-primary01 since February 2026
# but takes no traffic yet; the cutover is planned for 2026-Q3.
resource "aws_db_instance" "shop" {
  identifier     = "acme-prod-shop"
  engine         = "postgres"
  engine_version = "15.8"
  instance_class = "db.r6i.xlarge"

  allocated_storage     = 500
  max_allocated_storage = 1000
  storage_type          = "gp3"
  storage_encrypted     = true

  db_name  = "shop"
  username = "acme_admin"
  password = var.db_admin_password

  db_subnet_group_name   = module.vpc.database_subnet_group_name
  vpc_security_group_ids = [aws_security_group.data.id]
  multi_az               = true

  backup_retention_period      = 14
  backup_window                = "01:00-01:30"
  maintenance_window           = "sun:03:00-sun:04:00"
  performance_insights_enabled = true
  deletion_protection          = true
  skip_final_snapshot          = false
  final_snapshot_identifier    = "acme-prod-shop-final"
}

# Nightly pg_dump of shop and reporting from pg-replica01 (02:30 UTC,
# backup_schedule in group_vars/prod-db) and the forensics copies of
# sops/security-breach.md land here.
resource "aws_s3_bucket" "backups" {
  bucket = "acme-prod-backups"
}

resource "aws_s3_bucket_versioning" "backups" {
  bucket = aws_s3_bucket.backups.id

  versioning_configuration {
    status = "Enabled"
  }
}

# Dumps are kept 35 days; forensics/ copies are never expired.
resource "aws_s3_bucket_lifecycle_configuration" "backups" {
  bucket = aws_s3_bucket.backups.id

  rule {
    id     = "expire-dumps"
    status = "Enabled"

    filter {
      prefix = "postgres/"
    }

    transition {
      days          = 7
      storage_class = "GLACIER_IR"
    }

    expiration {
      days = 35
    }
  }
}

# Second copy of the backups outside eu-west-1.
resource "aws_s3_bucket" "backups_replica" {
  provider = aws.us_east_1

  bucket = "acme-prod-backups-us-east-1"
}

resource "aws_s3_bucket_versioning" "backups_replica" {
  provider = aws.us_east_1

  bucket = aws_s3_bucket.backups_replica.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_iam_role" "backup_replication" {
  name = "acme-prod-backup-replication"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "s3.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "backup_replication" {
  name = "replicate-backups"
  role = aws_iam_role.backup_replication.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
        Resource = [aws_s3_bucket.backups.arn]
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = ["${aws_s3_bucket.backups.arn}/*"]
      },
      {
        Effect   = "Allow"
        Action   = ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"]
        Resource = ["${aws_s3_bucket.backups_replica.arn}/*"]
      },
    ]
  })
}

resource "aws_s3_bucket_replication_configuration" "backups" {
  role   = aws_iam_role.backup_replication.arn
  bucket = aws_s3_bucket.backups.id

  rule {
    id     = "everything"
    status = "Enabled"

    filter {}

    delete_marker_replication {
      status = "Disabled"
    }

    destination {
      bucket        = aws_s3_bucket.backups_replica.arn
      storage_class = "STANDARD_IA"
    }
  }

  depends_on = [aws_s3_bucket_versioning.backups]
}

# Lets pg-replica01 write its dumps to the backup bucket, and nothing else.
resource "aws_iam_role" "pg_backup" {
  name = "acme-prod-pg-backup"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "pg_backup" {
  name = "write-dumps"
  role = aws_iam_role.pg_backup.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:PutObject", "s3:ListBucket"]
      Resource = [aws_s3_bucket.backups.arn, "${aws_s3_bucket.backups.arn}/postgres/*"]
    }]
  })
}

resource "aws_iam_instance_profile" "pg_backup" {
  name = "acme-prod-pg-backup"
  role = aws_iam_role.pg_backup.name
}
