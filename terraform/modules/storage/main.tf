data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id

  # Bucket names are global: account and region make them unique, and the
  # short suffixes keep the longest stack name (31) within S3's 63 characters.
  config_bucket_name = "${var.name}-${local.account_id}-${data.aws_region.current.name}-cfg"
  log_bucket_name    = "${var.name}-${local.account_id}-${data.aws_region.current.name}-log"

  tiers = ["prometheus", "alertmanager", "grafana"]
}
