# Grafana's shared state: an RDS instance (postgres or mysql) that every
# Grafana replica uses, so dashboards, users and alert state are the same
# whichever replica answers. sqlite creates nothing here (and only works with
# one Grafana replica). Optionally Redis for Grafana's remote cache.

data "aws_partition" "current" {}

locals {
  db_enabled  = var.engine != "sqlite"
  is_postgres = var.engine == "postgres"

  engine_version = local.is_postgres ? var.postgres_version : var.mysql_version
  port           = local.is_postgres ? 5432 : 3306

  parameter_family = local.is_postgres ? "postgres${split(".", var.postgres_version)[0]}" : "mysql${var.mysql_version}"

  # Refuse plaintext connections on the server side, and log slow queries.
  parameters = local.is_postgres ? {
    "rds.force_ssl"              = "1"
    "log_min_duration_statement" = "1000"
    "log_statement"              = "ddl"
    } : {
    "require_secure_transport" = "ON"
    "slow_query_log"           = "1"
    "long_query_time"          = "1"
  }

  log_exports = local.is_postgres ? ["postgresql", "upgrade"] : ["error", "slowquery"]
}

resource "aws_db_subnet_group" "this" {
  count = local.db_enabled ? 1 : 0

  name        = "${var.name}-grafana"
  description = "${var.name}: Grafana database, one private subnet per AZ"
  subnet_ids  = var.private_subnet_ids

  tags = merge(var.tags, { Name = "${var.name}-grafana" })
}

resource "aws_db_parameter_group" "this" {
  count = local.db_enabled ? 1 : 0

  name_prefix = "${var.name}-grafana-"
  description = "${var.name}: Grafana database (TLS only, slow query log)"
  family      = local.parameter_family

  dynamic "parameter" {
    for_each = local.parameters

    content {
      name         = parameter.key
      value        = parameter.value
      apply_method = "pending-reboot"
    }
  }

  tags = merge(var.tags, { Name = "${var.name}-grafana" })

  # A new family (major upgrade) needs the new group before the old one goes.
  lifecycle {
    create_before_destroy = true
  }
}

# Enhanced monitoring: OS metrics of the database host every 30 s.
data "aws_iam_policy_document" "rds_monitoring_assume" {
  statement {
    sid     = "RdsPublishesEnhancedMonitoring"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["monitoring.rds.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "rds_monitoring" {
  count = local.db_enabled ? 1 : 0

  name               = "${var.name}-rds-monitoring"
  description        = "${var.name}: RDS enhanced monitoring of the Grafana database"
  assume_role_policy = data.aws_iam_policy_document.rds_monitoring_assume.json

  tags = merge(var.tags, { Name = "${var.name}-rds-monitoring" })
}

resource "aws_iam_role_policy_attachment" "rds_monitoring" {
  count = local.db_enabled ? 1 : 0

  role       = aws_iam_role.rds_monitoring[0].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

resource "aws_db_instance" "this" {
  count = local.db_enabled ? 1 : 0

  identifier     = "${var.name}-grafana"
  engine         = var.engine
  engine_version = local.engine_version
  instance_class = var.instance_class
  port           = local.port

  db_name  = "grafana"
  username = "grafana"
  # RDS generates the password and keeps it in a Secrets Manager secret
  # (output master_secret_arn); it never appears in Terraform state or tfvars.
  manage_master_user_password   = true
  master_user_secret_kms_key_id = var.kms_key_arn

  allocated_storage     = var.allocated_storage_gib
  max_allocated_storage = var.allocated_storage_gib * 5
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = var.kms_key_arn

  # A standby in a second AZ: Grafana survives the loss of the database's AZ.
  multi_az               = true
  db_subnet_group_name   = aws_db_subnet_group.this[0].name
  vpc_security_group_ids = [var.security_group_ids["database"]]
  publicly_accessible    = false
  parameter_group_name   = aws_db_parameter_group.this[0].name
  ca_cert_identifier     = "rds-ca-rsa2048-g1"

  iam_database_authentication_enabled = true

  backup_retention_period   = var.backup_retention_days
  copy_tags_to_snapshot     = true
  deletion_protection       = var.deletion_protection
  skip_final_snapshot       = false
  final_snapshot_identifier = "${var.name}-grafana-final"

  auto_minor_version_upgrade      = true
  enabled_cloudwatch_logs_exports = local.log_exports

  monitoring_interval = 30
  monitoring_role_arn = aws_iam_role.rds_monitoring[0].arn

  performance_insights_enabled    = true
  performance_insights_kms_key_id = var.kms_key_arn

  tags = merge(var.tags, { Name = "${var.name}-grafana", Tier = "grafana" })
}
