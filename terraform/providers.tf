provider "aws" {
  region = var.region

  # Everything the provider creates carries the stack's tags; the
  # Auto Scaling groups add Tier per instance on top (see modules/compute).
  default_tags {
    tags = local.common_tags
  }
}
