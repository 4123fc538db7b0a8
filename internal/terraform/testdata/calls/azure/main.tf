variable "location" {
  type    = string
  default = "East US 2"
}

variable "cert_location" {
  default = "Sweden Central"
}

locals {
  dr = var.cert_location
}

resource "azurerm_resource_group" "main" {
  name     = "infra"
  location = var.location
}

resource "azurerm_virtual_network" "cert" {
  name     = "cert-vnet"
  location = local.dr
}

resource "azurerm_virtual_network" "unknown" {
  name     = "other"
  location = azurerm_resource_group.main.location
}

resource "azurerm_linux_virtual_machine" "vpn" {
  name     = "vpn"
  location = azurerm_resource_group.main.location
  size     = "Standard_B2s"
}
