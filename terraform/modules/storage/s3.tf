# Two buckets:
#   config: the Ansible tree (ansible/) and the rendered config bundle
#           (config/) that every node syncs at boot. Private, versioned (a bad
#           config push can be rolled back), SSE-KMS with the stack key.
#   log:    load balancer access logs, S3 server access logs of the config
#           bucket and VPC flow logs. SSE-S3, because neither ELB access logs
#           nor S3 server access logging can write to an SSE-KMS bucket.

# ---------------------------------------------------------------------------
# config bucket
# ---------------------------------------------------------------------------

resource "aws_s3_bucket" "config" {
  #checkov:skip=CKV_AWS_144:Cross-region replication is not needed: the bucket is rebuilt from the stackgate bundle (generate + upload) in any region.
  #checkov:skip=CKV2_AWS_62:No consumer for event notifications: nodes sync the bucket at boot and on instance refresh.
  bucket = local.config_bucket_name

  tags = merge(var.tags, { Name = local.config_bucket_name })
}

resource "aws_s3_bucket_ownership_controls" "config" {
  bucket = aws_s3_bucket.config.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "config" {
  bucket = aws_s3_bucket.config.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "config" {
  bucket = aws_s3_bucket.config.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "config" {
  bucket = aws_s3_bucket.config.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    # Bucket keys cut KMS requests (and cost) when every node syncs at boot.
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_logging" "config" {
  bucket = aws_s3_bucket.config.id

  target_bucket = aws_s3_bucket.log.id
  target_prefix = "s3-access/config/"
}

resource "aws_s3_bucket_lifecycle_configuration" "config" {
  bucket = aws_s3_bucket.config.id

  rule {
    id     = "expire-superseded-config"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = var.config_noncurrent_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.config]
}

data "aws_iam_policy_document" "config" {
  statement {
    sid     = "DenyPlaintextTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.config.arn,
      "${aws_s3_bucket.config.arn}/*",
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "config" {
  bucket = aws_s3_bucket.config.id
  policy = data.aws_iam_policy_document.config.json

  # A bucket policy cannot be put while the public access block is being created.
  depends_on = [aws_s3_bucket_public_access_block.config]
}

# ---------------------------------------------------------------------------
# log bucket
# ---------------------------------------------------------------------------

resource "aws_s3_bucket" "log" {
  #checkov:skip=CKV_AWS_145:ELB access logs and S3 server access logs can only be delivered to SSE-S3 buckets, not SSE-KMS.
  #checkov:skip=CKV_AWS_18:This is the access-log bucket itself; logging it into itself would log its own log writes forever.
  #checkov:skip=CKV_AWS_144:Logs are kept in-region for their retention period; cross-region copies are an account-level decision.
  #checkov:skip=CKV2_AWS_62:No consumer for event notifications on log objects.
  bucket = local.log_bucket_name

  tags = merge(var.tags, { Name = local.log_bucket_name })
}

resource "aws_s3_bucket_ownership_controls" "log" {
  bucket = aws_s3_bucket.log.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "log" {
  bucket = aws_s3_bucket.log.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "log" {
  bucket = aws_s3_bucket.log.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "log" {
  bucket = aws_s3_bucket.log.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "log" {
  bucket = aws_s3_bucket.log.id

  rule {
    id     = "expire-logs"
    status = "Enabled"

    filter {}

    expiration {
      days = var.log_retention_days
    }

    noncurrent_version_expiration {
      noncurrent_days = 7
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.log]
}

# The regional Elastic Load Balancing account that writes ALB access logs
# (regions opened before August 2022; newer ones use the service principal below).
data "aws_elb_service_account" "this" {}

data "aws_iam_policy_document" "log" {
  statement {
    sid     = "DenyPlaintextTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.log.arn,
      "${aws_s3_bucket.log.arn}/*",
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "AlbAccessLogsLegacyRegions"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.log.arn}/alb/*/AWSLogs/${local.account_id}/*"]

    principals {
      type        = "AWS"
      identifiers = [data.aws_elb_service_account.this.arn]
    }
  }

  statement {
    sid       = "AlbAccessLogs"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.log.arn}/alb/*/AWSLogs/${local.account_id}/*"]

    principals {
      type        = "Service"
      identifiers = ["logdelivery.elasticloadbalancing.amazonaws.com"]
    }
  }

  statement {
    sid       = "S3ServerAccessLogs"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.log.arn}/s3-access/*"]

    principals {
      type        = "Service"
      identifiers = ["logging.s3.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }

  statement {
    sid       = "VpcFlowLogsWrite"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.log.arn}/vpc-flow-logs/AWSLogs/${local.account_id}/*"]

    principals {
      type        = "Service"
      identifiers = ["delivery.logs.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }
  }

  statement {
    sid       = "VpcFlowLogsAclCheck"
    actions   = ["s3:GetBucketAcl", "s3:ListBucket"]
    resources = [aws_s3_bucket.log.arn]

    principals {
      type        = "Service"
      identifiers = ["delivery.logs.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_s3_bucket_policy" "log" {
  bucket = aws_s3_bucket.log.id
  policy = data.aws_iam_policy_document.log.json

  depends_on = [aws_s3_bucket_public_access_block.log]
}
