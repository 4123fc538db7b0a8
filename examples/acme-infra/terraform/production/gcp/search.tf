# Elasticsearch 8 master+data nodes: product search and autocomplete for
# the storefront (es01, es02 in the inventory).
resource "google_compute_instance" "es" {
  count = var.es_node_count

  name         = "es0${count.index + 1}"
  machine_type = "e2-standard-4"
  zone         = "europe-west1-b"

  boot_disk {
    initialize_params {
      image = "ubuntu-os-cloud/ubuntu-2204-lts"
      size  = 100
      type  = "pd-ssd"
    }
  }

  network_interface {
    network = local.network
  }

  tags = ["es", "node-exporter"]

  labels = {
    env        = "production"
    role       = "search"
    managed-by = "terraform"
  }
}

# Data node added in a hurry for Black Friday 2023: created in the console,
# imported into Terraform in 2024. It never got a DNS name, so the inventory
# and the other nodes' discovery.seed_hosts list it by this address; keep
# network_ip pinned (and google_compute_address.es_data03 in step with it).
resource "google_compute_instance" "es_data03" {
  name         = "es-data03"
  machine_type = "n2-highmem-4"
  zone         = "europe-west1-b"

  boot_disk {
    initialize_params {
      image = "ubuntu-os-cloud/ubuntu-2204-lts"
      size  = 300
      type  = "pd-ssd"
    }
  }

  network_interface {
    network    = "default"
    network_ip = "10.132.0.23"
  }

  tags = ["es", "node-exporter"]

  labels = {
    env  = "production"
    role = "search-data"
  }
}

# Reserves 10.132.0.23 so a rebuild of es-data03 keeps its address.
resource "google_compute_address" "es_data03" {
  name         = "es-data03-internal"
  address_type = "INTERNAL"
  address      = "10.132.0.23"
  region       = "europe-west1"
}
