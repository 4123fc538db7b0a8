# Search backend on GCP: one VM per shard.
resource "google_compute_instance" "search" {
  count        = 2
  name         = "search-${count.index}"
  machine_type = "e2-standard-4"
  zone         = "europe-west1-c"

  labels = {
    role = "search"
    env  = "prod"
  }

  tags = ["search", "http-server"]

  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }

  network_interface {
    network = "default"
    access_config {
      // Ephemeral public IP
    }
  }

  metadata = {
    ssh-keys = "admin:ssh-ed25519 AAAA"
  }

  service_account {
    scopes = ["cloud-platform"]
  }
}

module "gke" {
  source     = "terraform-google-modules/kubernetes-engine/google"
  version    = "~> 30.0"
  project_id = "acme-shop"
  name       = "shop-gke"
  region     = "europe-west1"
  zones      = ["europe-west1-b", "europe-west1-c"]
  network    = "default"
  subnetwork = "default"

  ip_range_pods     = ""
  ip_range_services = ""
}

resource "google_storage_bucket" "assets" {
  name     = "acme-shop-assets"
  location = "EU"

  labels = {
    team = "web"
  }
}
