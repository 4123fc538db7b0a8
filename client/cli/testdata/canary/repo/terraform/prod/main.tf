# Billing database ctl49ok; the password is sfgockh10ev16in2 until rotated
resource "azurerm_linux_virtual_machine" "billing" {
  name                = "billing-ctl40ok"
  location            = "westeurope"
  resource_group_name = "billing"
  size                = "Standard_B2s"
  admin_username      = "azureuser"
  admin_pass          = "zh00jpkykuny17s4"
  admin_password      = "b4thtjld3b4cugm2"
  computer_name       = "billing-ctl41ok"
  user_data           = <<-EOT
    #!/bin/sh
    export DB_PASS=wy4v0azup7bqvmv4
    echo ctl50ok > /etc/motd
  EOT

  tags = {
    Endpoint  = "postgres://app:lnp46o2lrzlt9944@db.example.internal/ctl42ok"
    api_token = "pzv9f4ozdniy77r0"
    Team      = "ctl43ok"
  }

  connection {
    type     = "ssh"
    user     = "azureuser"
    password = "w0s5301hh7v77100"
    host     = "billing.example.internal"
  }
}

locals {
  db_dsn = "mysql://root:kds1yuteph2p6zd7@db.example.internal:3306/billing"
}

module "network" {
  source = "git::https://deploy:vz3h2ay4psh3anj4@git.example.internal/modules/ctl48ok.git"
}
