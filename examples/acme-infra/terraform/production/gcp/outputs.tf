output "grafana_public_ip" {
  description = "Address grafana.acme-shop.com points at."
  value       = google_compute_address.grafana.address
}

output "es_private_ips" {
  description = "Elasticsearch nodes for the API's ES_NODES setting, es-data03 last."
  value       = concat(google_compute_instance.es[*].network_interface[0].network_ip, [google_compute_instance.es_data03.network_interface[0].network_ip])
}
