# Search and monitoring moved to GCP europe-west1 (Belgium) in 2023 to use
# the startup credits; Belgium keeps the round trip to eu-west-1 under 15 ms.
provider "google" {
  project = "acme-shop-prod"
  region  = "europe-west1"
  zone    = "europe-west1-b"
}
