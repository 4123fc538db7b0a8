resource "azurerm_key_vault_secret" "db" {
  name  = "db-ctl53ok"
  value = "k7iqpvdcjz5g4w09
}
