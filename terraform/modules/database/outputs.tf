output "endpoint" {
  description = "Database host name, or null with sqlite."
  value       = one(aws_db_instance.this[*].address)
}

output "port" {
  description = "Database port, or null with sqlite."
  value       = one(aws_db_instance.this[*].port)
}

output "master_secret_arn" {
  description = "Secrets Manager secret with the database master credentials (managed by RDS), or null with sqlite."
  value       = local.db_enabled ? aws_db_instance.this[0].master_user_secret[0].secret_arn : null
}

output "redis_endpoint" {
  description = "Redis primary endpoint (TLS), or null without Redis."
  value       = one(aws_elasticache_replication_group.this[*].primary_endpoint_address)
}

output "redis_auth_secret_arn" {
  description = "Secrets Manager secret with the Redis AUTH token, or null without Redis."
  value       = one(aws_secretsmanager_secret.redis_auth[*].arn)
}

output "grafana_secret_arns" {
  description = "Every secret Grafana reads at boot. Its length is known at plan time (it depends only on engine and redis_enabled)."
  value = concat(
    local.db_enabled ? [aws_db_instance.this[0].master_user_secret[0].secret_arn] : [],
    var.redis_enabled ? [aws_secretsmanager_secret.redis_auth[0].arn] : [],
  )
}
