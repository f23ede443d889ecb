# One customer-managed key for the stack's data at rest: the config bucket,
# EFS, the Grafana database and its managed secret, the Redis cache, the WAF
# log group.
# The key policy delegates to IAM in this account (the services above use the
# key through grants made on behalf of the principal that calls them, and the
# node roles get kms:Decrypt in iam.tf), plus CloudWatch Logs, which encrypts
# log groups as itself.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

resource "aws_kms_key" "this" {
  description             = "${var.name}: data at rest of the stackgate stack"
  enable_key_rotation     = true
  deletion_window_in_days = 30

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministersKeyThroughIam"
        Effect    = "Allow"
        Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        # CloudWatch Logs encrypts the WAF log group with this key; the
        # condition limits it to this account's log groups in this region.
        Sid       = "CloudWatchLogsEncryptsStackLogGroups"
        Effect    = "Allow"
        Principal = { Service = "logs.${data.aws_region.current.name}.amazonaws.com" }
        Action = [
          "kms:Encrypt*",
          "kms:Decrypt*",
          "kms:ReEncrypt*",
          "kms:GenerateDataKey*",
          "kms:Describe*",
        ]
        Resource = "*"
        Condition = {
          ArnLike = {
            "kms:EncryptionContext:aws:logs:arn" = "arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:*"
          }
        }
      },
    ]
  })

  tags = merge(var.tags, { Name = "${var.name}-data" })
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name}-data"
  target_key_id = aws_kms_key.this.key_id
}
