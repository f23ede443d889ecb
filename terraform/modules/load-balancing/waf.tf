# Web ACL in front of the public load balancer: AWS-managed rules for known
# bad inputs (Log4Shell and the like), IP reputation, and the common rule set.
# Grafana saves whole dashboards as JSON request bodies, often above the
# common rule set's 8 KB body limit, so that single rule only counts.

resource "aws_wafv2_web_acl" "public" {
  count = local.public_enabled && var.waf_enabled ? 1 : 0

  name        = "${var.name}-public"
  description = "${var.name}: requests to Grafana through the public load balancer"
  scope       = "REGIONAL"

  default_action {
    allow {}
  }

  rule {
    name     = "aws-ip-reputation"
    priority = 10

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesAmazonIpReputationList"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-aws-ip-reputation"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "aws-known-bad-inputs"
    priority = 20

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesKnownBadInputsRuleSet"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-aws-known-bad-inputs"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "aws-common"
    priority = 30

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesCommonRuleSet"

        rule_action_override {
          name = "SizeRestrictions_BODY"

          action_to_use {
            count {}
          }
        }
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-aws-common"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "${var.name}-public"
    sampled_requests_enabled   = true
  }

  tags = merge(var.tags, { Name = "${var.name}-public" })
}

resource "aws_wafv2_web_acl_association" "public" {
  count = local.public_enabled && var.waf_enabled ? 1 : 0

  resource_arn = aws_lb.public[0].arn
  web_acl_arn  = aws_wafv2_web_acl.public[0].arn
}

# WAF only logs to log groups whose name starts with aws-waf-logs-.
resource "aws_cloudwatch_log_group" "waf" {
  count = local.public_enabled && var.waf_enabled ? 1 : 0

  name              = "aws-waf-logs-${var.name}"
  retention_in_days = 365
  kms_key_id        = var.kms_key_arn

  tags = merge(var.tags, { Name = "aws-waf-logs-${var.name}" })
}

resource "aws_wafv2_web_acl_logging_configuration" "public" {
  count = local.public_enabled && var.waf_enabled ? 1 : 0

  resource_arn            = aws_wafv2_web_acl.public[0].arn
  log_destination_configs = [aws_cloudwatch_log_group.waf[0].arn]

  # Session cookies and credentials stay out of the logs.
  redacted_fields {
    single_header {
      name = "authorization"
    }
  }

  redacted_fields {
    single_header {
      name = "cookie"
    }
  }
}
