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
