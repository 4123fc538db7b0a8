output "bastion_public_ip" {
  description = "Public address of bastion.stage.acme-shop.com."
  value       = module.bastion.public_ip
}

output "host_private_ips" {
  description = "Staging hosts by name."
  value       = merge({ for name, h in module.host : name => h.private_ip }, { pg01 = module.pg01.private_ip })
}

output "storefront_repository_url" {
  description = "Where staging's web hosts pull the storefront image from."
  value       = data.terraform_remote_state.shared.outputs.storefront_repository_url
}
