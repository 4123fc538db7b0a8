variable "name" {
  type = string
}

variable "address_space" {
  type = list(string)
}

# The virtual network itself.
resource "azurerm_virtual_network" "this" {
  name = var.name
}
