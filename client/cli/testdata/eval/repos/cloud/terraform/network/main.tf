# The private network of the platform: every VM and database lives here.
module "private_vnet" {
  source  = "./../modules/vnet"
  version = "1.2.0"
  name          = "private-vnet"
  address_space = ["10.248.0.0/14"]
  subnets = {
    dmz = "10.248.0.0/28"
  }
}

# Location of everything in this estate.
variable "location" {
  type    = string
  default = "East US 2"
}

variable "dr_location" {
  description = "Location of the disaster recovery copies"
  default     = "Sweden Central"
}

variable "db_password" {
  type      = string
  sensitive = true
  default   = "hunter2hunter2"
}

# The VPN gateway VM: OpenVPN for the team.
resource "azurerm_linux_virtual_machine" "vpn" {
  name     = "vpn-gateway"
  size     = "Standard_B2s"
  location = "eastus2"
}

# Lets OpenVPN clients in from the internet.
resource "azurerm_network_security_rule" "allow_openvpn" {
  name                   = "allow-openvpn"
  protocol               = "Tcp"
  destination_port_range = "443"
  access                 = "Allow"
  direction              = "Inbound"
}

# Bastion hosts, one per zone.
resource "aws_instance" "bastion" {
  count         = 2
  instance_type = "t3.micro"
  ami           = "ami-0abc1234"
  tags = {
    Name = "bastion-${count.index}"
  }
}

# A log bucket per team.
resource "aws_s3_bucket" "logs" {
  for_each = toset(["ops", "dev"])
  bucket   = "logs-${each.key}"
}

# A VNet of their own: Postgres/MySQL flexible servers do not support a
# VNet with both ipv4 and ipv6 address spaces.
module "db_vnet" {
  source        = "./../modules/vnet"
  name          = "db-vnet"
  address_space = ["10.253.0.0/21"]
}
