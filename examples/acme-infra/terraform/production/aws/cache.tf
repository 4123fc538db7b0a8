locals {
  # Redis hosts and their private subnet.
  redis_hosts = {
    redis01 = 0
    redis02 = 1
  }
}

# Redis 7 with Sentinel: sessions, shopping carts and the SSR page cache.
# redis01 is the primary at boot and redis02 its replica; Sentinel runs on
# both and on api01 for the quorum of three.
resource "aws_instance" "redis" {
  for_each = local.redis_hosts

  ami                    = data.aws_ami.ubuntu.id
  instance_type          = var.instance_types["redis"]
  subnet_id              = module.vpc.private_subnets[each.value]
  key_name               = var.ssh_key_name
  vpc_security_group_ids = [aws_security_group.internal.id, aws_security_group.data.id]

  tags = {
    Name = each.key
    Role = "redis"
  }

  lifecycle {
    ignore_changes = [ami]
  }
}

# RabbitMQ: order events from the API to the workers. A single node on
# purpose: if it is down, the API keeps events in its Postgres outbox table
# and replays them, so a cluster was not worth the operational cost.

resource "aws_instance" "rabbitmq" {
  ami                    = data.aws_ami.ubuntu.id
  instance_type          = var.instance_types["rabbitmq"]
  subnet_id              = module.vpc.private_subnets[2]
  key_name               = var.ssh_key_name
  vpc_security_group_ids = [aws_security_group.internal.id, aws_security_group.data.id]

  root_block_device {
    volume_size = 50
    volume_type = "gp3"
  }

  tags = {
    Name = "rabbitmq01"
    Role = "rabbitmq"
  }

  lifecycle {
    ignore_changes = [ami]
  }
}
