locals {
  network = "default"
  labels = {
    env        = "production"
    managed-by = "terraform"
  }
}

# The auto-mode default network: its europe-west1 subnet is 10.132.0.0/20,
# which is why the AWS side calls it var.gcp_cidr.
data "google_compute_network" "default" {
  name = "default"
}

# Ansible and SSH come in from the AWS bastion over the VPN only.
resource "google_compute_firewall" "ssh_from_bastion" {
  name    = "allow-ssh-from-aws-bastion"
  network = data.google_compute_network.default.name

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }

  source_ranges = ["${var.aws_bastion_ip}/32"]
}

# The API hosts in AWS query Elasticsearch; promtail on every AWS host pushes
# logs to Loki.
resource "google_compute_firewall" "from_aws" {
  name    = "allow-aws-prod"
  network = data.google_compute_network.default.name

  allow {
    protocol = "tcp"
    ports    = ["9200", "3100"]
  }

  source_ranges = [var.aws_vpc_cidr]
  target_tags   = ["es", "loki"]
}

resource "google_compute_firewall" "grafana_https" {
  name    = "allow-grafana-https"
  network = data.google_compute_network.default.name

  allow {
    protocol = "tcp"
    ports    = ["443"]
  }

  source_ranges = ["0.0.0.0/0"]
  target_tags   = ["grafana"]
}

# Prometheus scrapes node_exporter on every GCP host.
resource "google_compute_firewall" "node_exporter" {
  name    = "allow-node-exporter"
  network = data.google_compute_network.default.name

  allow {
    protocol = "tcp"
    ports    = ["9100"]
  }

  source_tags = ["prometheus"]
  target_tags = ["node-exporter"]
}
