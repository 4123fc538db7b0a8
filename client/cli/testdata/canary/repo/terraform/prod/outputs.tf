output "billing_dsn" {
  description = "DSN of ctl47ok"
  value       = "postgres://app:q5ktutze9t3exei1@${azurerm_linux_virtual_machine.billing.name}/ctl47ok"
}
