# ---------------------------------------------------------------------------
# private DNS: the stable name Grafana's provisioned datasource uses
# ---------------------------------------------------------------------------
# stackgate renders the datasource URL as http://query.<name>.internal:9090 with a
# query tier, http://prometheus.<name>.internal:9090 without one
# (the bundle is generated before Terraform knows the ALB's DNS name), so the
# stack gets a private hosted zone <name>.internal, visible only inside its VPC,
# with an alias from that name to the internal load balancer.

resource "aws_route53_zone" "internal" {
  #checkov:skip=CKV2_AWS_38:DNSSEC signing is not supported for private hosted zones.
  #checkov:skip=CKV2_AWS_39:Query logging is for public hosted zones; resolver query logs cover the VPC.
  count = local.internal_enabled ? 1 : 0

  name    = "${var.name}.internal"
  comment = "stackgate ${var.name}: stable names for the stack's internal endpoints"

  vpc {
    vpc_id = var.vpc_id
  }

  tags = merge(var.tags, { Name = "${var.name}.internal" })
}

resource "aws_route53_record" "prometheus" {
  count = local.internal_enabled ? 1 : 0

  zone_id = aws_route53_zone.internal[0].zone_id
  name    = "prometheus.${var.name}.internal"
  type    = "A"

  alias {
    name                   = aws_lb.internal[0].dns_name
    zone_id                = aws_lb.internal[0].zone_id
    evaluate_target_health = true
  }
}

resource "aws_route53_record" "query" {
  count = local.query_enabled ? 1 : 0

  zone_id = aws_route53_zone.internal[0].zone_id
  name    = "query.${var.name}.internal"
  type    = "A"

  alias {
    name                   = aws_lb.internal[0].dns_name
    zone_id                = aws_lb.internal[0].zone_id
    evaluate_target_health = true
  }
}
