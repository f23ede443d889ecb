# Optional Redis for Grafana's remote cache (sessions), encrypted at rest
# and in transit, with an AUTH token kept in Secrets Manager for Grafana.

resource "aws_elasticache_subnet_group" "this" {
  count = var.redis_enabled ? 1 : 0

  name        = "${var.name}-grafana-cache"
  description = "${var.name}: Grafana remote cache, one private subnet per AZ"
  subnet_ids  = var.private_subnet_ids

  tags = merge(var.tags, { Name = "${var.name}-grafana-cache" })
}

# The AUTH token has to be handed to ElastiCache by Terraform, so it is in
# the state: keep the state in an encrypted, access-controlled backend.
resource "random_password" "redis_auth" {
  count = var.redis_enabled ? 1 : 0

  length  = 48
  special = false # ElastiCache AUTH tokens reject several punctuation characters
}

resource "aws_secretsmanager_secret" "redis_auth" {
  #checkov:skip=CKV2_AWS_57:Rotating the AUTH token needs a coordinated ElastiCache modify (ROTATE strategy) and a Grafana reload; rotate by replacing random_password.redis_auth.
  count = var.redis_enabled ? 1 : 0

  name        = "${var.name}/grafana/redis-auth"
  description = "${var.name}: AUTH token of Grafana's Redis remote cache"
  kms_key_id  = var.kms_key_arn

  tags = merge(var.tags, { Name = "${var.name}-grafana-redis-auth", Tier = "grafana" })
}

resource "aws_secretsmanager_secret_version" "redis_auth" {
  count = var.redis_enabled ? 1 : 0

  secret_id     = aws_secretsmanager_secret.redis_auth[0].id
  secret_string = random_password.redis_auth[0].result
}

resource "aws_elasticache_replication_group" "this" {
  count = var.redis_enabled ? 1 : 0

  replication_group_id = "${var.name}-grafana"
  description          = "${var.name}: Grafana remote cache"
  engine               = "redis"
  engine_version       = "7.1"
  node_type            = var.redis_node_type
  port                 = 6379

  # A primary and a replica in different AZs, with automatic failover.
  num_cache_clusters         = max(2, min(length(var.private_subnet_ids), 3))
  automatic_failover_enabled = true
  multi_az_enabled           = true
  subnet_group_name          = aws_elasticache_subnet_group.this[0].name
  security_group_ids         = [var.security_group_ids["redis"]]

  at_rest_encryption_enabled = true
  kms_key_id                 = var.kms_key_arn
  transit_encryption_enabled = true
  auth_token                 = random_password.redis_auth[0].result

  auto_minor_version_upgrade = true
  snapshot_retention_limit   = 1

  tags = merge(var.tags, { Name = "${var.name}-grafana-cache", Tier = "grafana" })
}
