# Orders database: Postgres 15, sized for the January sale.
resource "aws_db_instance" "orders" {
  identifier        = "orders-db"
  engine            = "postgres"
  engine_version    = "15.4"
  instance_class    = "db.r6g.large"
  allocated_storage = 200
  multi_az          = true
}

# Only the web tier reaches the database.
resource "aws_security_group" "db" {
  name = "orders-db"
  ingress {
    from_port   = 5432
    to_port     = 5432
    cidr_blocks = ["10.20.1.0/24"]
  }
}

# Cache cluster for sessions.
resource "google_compute_instance" "cache" {
  name         = "cache-1"
  machine_type = "e2-standard-4"
  zone         = "europe-west1-b"
}

resource "azurerm_managed_disk" "ldap_data" {
  name     = "ldap-data"
  location = "eastus2"
  # Premium is not needed: LDAP reads little.
  storage_account_type = "StandardSSD_ZRS"
  # The directory holds a few hundred MB, but class E1 (4 GB) allows only
  # 7800 paid transactions per hour while LDAP peaks at 8500: E2 it is.
  disk_size_gb = 8
}

resource "azurerm_container_registry" "mirror" {
  name                   = "registrymirror"
  sku                    = "Premium"
  anonymous_pull_enabled = true # Docker Engine cannot use auth for a pull-through cache
}

# Dedicated subnet delegated to the pgsql server of the db VNet.
data "azurerm_subnet" "db_vnet_postgres_tier" {
  name                 = "db-vnet-postgres-tier"
  virtual_network_name = "db-vnet"
}

resource "postgresql_database" "orders" {
  name = "orders"
}

resource "mysql_database" "wiki" {
  name = "wiki"
}
