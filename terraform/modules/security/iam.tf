# One role and instance profile per tier, each with only what that tier's
# bootstrap and daemons call:
#   - ec2:DescribeInstances / DescribeAvailabilityZones: Prometheus EC2 service
#     discovery (targets, Alertmanagers) and peer discovery for the Alertmanager
#     and Grafana gossip clusters. These actions have no resource-level
#     permissions, hence Resource "*".
#   - read-only S3 on the config bucket's ansible/ and config/ prefixes.
#   - ssm:GetParameter* on the stack's own parameter path /<name>/*.
#   - kms:Decrypt on the stack key (SSE-KMS objects, SecureString parameters,
#     the database's managed secret).
#   - Grafana only: its admin password parameter and the database / Redis secrets.

locals {
  ssm_parameter_arn_prefix = "arn:${data.aws_partition.current.partition}:ssm:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:parameter"

  # SSM parameter ARNs drop the leading "/" of the parameter name.
  stack_parameters_arn  = "${local.ssm_parameter_arn_prefix}/${var.name}/*"
  admin_password_arn    = "${local.ssm_parameter_arn_prefix}/${trimprefix(var.admin_password_ssm_parameter, "/")}"
  grafana_reads_secrets = length(var.grafana_secret_arns) > 0
}

data "aws_iam_policy_document" "assume_ec2" {
  statement {
    sid     = "Ec2AssumesNodeRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "node" {
  for_each = toset(local.node_tiers)

  statement {
    sid = "Discovery"
    actions = [
      "ec2:DescribeInstances",
      "ec2:DescribeAvailabilityZones",
    ]
    resources = ["*"]
  }

  statement {
    sid       = "ListConfigBucket"
    actions   = ["s3:ListBucket"]
    resources = [var.config_bucket_arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["ansible/*", "config/*", "ansible", "config"]
    }
  }

  statement {
    sid     = "ReadConfigBucket"
    actions = ["s3:GetObject"]
    resources = [
      "${var.config_bucket_arn}/ansible/*",
      "${var.config_bucket_arn}/config/*",
    ]
  }

  statement {
    sid = "ReadStackParameters"
    actions = [
      "ssm:GetParameter",
      "ssm:GetParameters",
      "ssm:GetParametersByPath",
    ]
    resources = each.key == "grafana" ? [local.stack_parameters_arn, local.admin_password_arn] : [local.stack_parameters_arn]
  }

  statement {
    sid       = "DecryptStackData"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.this.arn]
  }

  dynamic "statement" {
    for_each = each.key == "grafana" && local.grafana_reads_secrets ? [1] : []

    content {
      sid       = "ReadGrafanaBackendSecrets"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = var.grafana_secret_arns
    }
  }
}

resource "aws_iam_role" "node" {
  for_each = toset(local.node_tiers)

  name               = "${var.name}-${each.key}"
  description        = "${var.name} ${each.key} nodes"
  assume_role_policy = data.aws_iam_policy_document.assume_ec2.json

  tags = merge(var.tags, { Name = "${var.name}-${each.key}", Tier = each.key })
}

resource "aws_iam_role_policy" "node" {
  for_each = toset(local.node_tiers)

  name   = "${var.name}-${each.key}"
  role   = aws_iam_role.node[each.key].id
  policy = data.aws_iam_policy_document.node[each.key].json
}

# Session Manager gives operators a shell without opening SSH.
resource "aws_iam_role_policy_attachment" "ssm_core" {
  for_each = var.enable_ssm_session_manager ? toset(local.node_tiers) : toset([])

  role       = aws_iam_role.node[each.key].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

resource "aws_iam_instance_profile" "node" {
  for_each = toset(local.node_tiers)

  name = "${var.name}-${each.key}"
  role = aws_iam_role.node[each.key].name

  tags = merge(var.tags, { Name = "${var.name}-${each.key}", Tier = each.key })
}
