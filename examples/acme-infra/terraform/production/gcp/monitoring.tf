# Prometheus + Alertmanager: scrapes every production host in both clouds;
# alerts go to #ops-alerts and to the on-call phone.
resource "google_compute_instance" "prometheus" {
  name         = "prometheus01"
  machine_type = "e2-standard-4"
  zone         = "europe-west1-b"

  boot_disk {
    initialize_params {
      image = "ubuntu-os-cloud/ubuntu-2204-lts"
      size  = 200
      type  = "pd-ssd"
    }
  }

  network_interface {
    network = local.network
  }

  metadata = {
    enable-oslogin = "FALSE"
  }

  tags = ["prometheus", "node-exporter"]

  labels = {
    env  = "production"
    role = "monitoring"
  }
}

# Grafana (https://grafana.acme-shop.com) over Prometheus and Loki. The only
# GCP host with a public address, for the dashboards on the office TV and
# for phones during an incident.
resource "google_compute_instance" "grafana" {
  name         = "grafana01"
  machine_type = "e2-small"
  zone         = "europe-west1-b"

  boot_disk {
    initialize_params {
      image = "ubuntu-os-cloud/ubuntu-2204-lts"
      size  = 20
    }
  }

  network_interface {
    network = local.network

    access_config {
      nat_ip = google_compute_address.grafana.address
    }
  }

  tags = ["grafana", "node-exporter"]

  labels = {
    env  = "production"
    role = "monitoring"
  }
}

resource "google_compute_address" "grafana" {
  name   = "grafana-public"
  region = "europe-west1"
}

# Loki: collects the logs of every production host (promtail) for Grafana;
# chunks go to the bucket below, the disk only holds the index and the WAL.
resource "google_compute_instance" "loki" {
  name         = "loki01"
  machine_type = "e2-standard-2"
  zone         = "europe-west1-b"

  boot_disk {
    initialize_params {
      image = "ubuntu-os-cloud/ubuntu-2204-lts"
      size  = 100
      type  = "pd-balanced"
    }
  }

  network_interface {
    network = local.network
  }

  service_account {
    email  = google_service_account.loki.email
    scopes = ["cloud-platform"]
  }

  tags = ["loki", "node-exporter"]

  labels = {
    env  = "production"
    role = "logging"
  }
}

resource "google_service_account" "loki" {
  account_id   = "loki01"
  display_name = "Loki on loki01"
}

# Log chunks: 30 days, then deleted (the security SOP relies on them).
resource "google_storage_bucket" "loki_chunks" {
  name                        = "acme-prod-loki-chunks"
  location                    = "EUROPE-WEST1"
  uniform_bucket_level_access = true

  lifecycle_rule {
    condition {
      age = 30
    }
    action {
      type = "Delete"
    }
  }

  labels = local.labels
}

resource "google_storage_bucket_iam_member" "loki_chunks" {
  bucket = google_storage_bucket.loki_chunks.name
  role   = "roles/storage.objectAdmin"
  member = "serviceAccount:${google_service_account.loki.email}"
}

# Alertmanager reads the PagerDuty key from Secret Manager at boot.
resource "google_secret_manager_secret" "pagerduty" {
  secret_id = "alertmanager-pagerduty-key"

  replication {
    auto {}
  }
}

resource "google_secret_manager_secret_version" "pagerduty" {
  secret      = google_secret_manager_secret.pagerduty.id
  secret_data = var.alertmanager_pagerduty_key
}
