# The role FIS acts as, when none is given: only what the templates do, only on the stack's instances.

data "aws_iam_policy_document" "fis_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["fis.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "fis" {
  count = var.role_arn == null ? 1 : 0

  name               = "${var.stack_name}-fis"
  description        = "AWS FIS experiments of stack ${var.stack_name} (stackgate chaos)"
  assume_role_policy = data.aws_iam_policy_document.fis_trust.json
  tags               = merge(var.tags, { Stack = var.stack_name, ManagedBy = "stackgate" })
}

data "aws_iam_policy_document" "fis" {
  # terminate, stop and start only instances tagged with the stack
  statement {
    sid       = "StackInstances"
    actions   = ["ec2:TerminateInstances", "ec2:StopInstances", "ec2:StartInstances"]
    resources = ["arn:aws:ec2:*:*:instance/*"]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/Stack"
      values   = [var.stack_name]
    }
  }

  # target resolution: these actions have no resource-level permissions
  statement {
    sid       = "Resolve"
    actions   = ["ec2:DescribeInstances", "autoscaling:DescribeAutoScalingGroups"]
    resources = ["*"]
  }

  # asg-insufficient-instance-capacity-error: launches into the zone fail while stop-az holds it
  statement {
    sid       = "NoLaunchesInZone"
    actions   = ["ec2:InjectApiError"]
    resources = ["*"]
    condition {
      test     = "ForAnyValue:StringEquals"
      variable = "ec2:FisActionsToInject"
      values   = ["ec2:RunInstances", "ec2:CreateFleet"]
    }
  }

  dynamic "statement" {
    for_each = length(var.kms_key_arns) > 0 ? [1] : []
    content {
      sid       = "StartEncryptedVolumes"
      actions   = ["kms:CreateGrant"]
      resources = var.kms_key_arns
      condition {
        test     = "Bool"
        variable = "kms:GrantIsForAWSResource"
        values   = ["true"]
      }
    }
  }
}

resource "aws_iam_role_policy" "fis" {
  count = var.role_arn == null ? 1 : 0

  name   = "${var.stack_name}-fis"
  role   = aws_iam_role.fis[0].id
  policy = data.aws_iam_policy_document.fis.json
}
