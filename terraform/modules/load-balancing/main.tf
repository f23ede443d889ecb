# Public ALB -> Grafana (HTTPS only, port 80 redirects).
# Internal ALB -> Prometheus (operators on a VPN; Grafana's datasource without a
# query tier) and, with a query tier, -> thanos query (Grafana's datasource):
# one listener on 9090, the host name chooses the target group.
# Alertmanager has no load balancer on purpose: every Prometheus must send
# each alert to every Alertmanager, which then deduplicate through gossip;
# a balancer would deliver each alert to one instance only.

locals {
  # ALB and target group names are limited to 32 characters: long stack
  # names are shortened and made unique again with a hash of the full name.
  short_name = length(var.name) <= 20 ? var.name : "${substr(var.name, 0, 14)}-${substr(md5(var.name), 0, 5)}"

  public_enabled   = var.public_lb.enabled
  internal_enabled = var.internal_lb_enabled
  query_enabled    = var.internal_lb_enabled && var.query_enabled
}

# ---------------------------------------------------------------------------
# public load balancer: Grafana
# ---------------------------------------------------------------------------

resource "aws_lb" "public" {
  #checkov:skip=CKV2_AWS_76:The Log4j managed rules (KnownBadInputs, see waf.tf) are attached; this check also demands AWSManagedRulesAnonymousIpList, which would lock out operators on VPNs and proxies.
  count = local.public_enabled ? 1 : 0

  name               = "${local.short_name}-public"
  internal           = false
  load_balancer_type = "application"
  security_groups    = [var.security_group_ids["public_lb"]]
  subnets            = var.public_subnet_ids

  # Requests with malformed headers never reach Grafana (request smuggling).
  drop_invalid_header_fields = true
  enable_deletion_protection = var.deletion_protection

  access_logs {
    bucket  = var.log_bucket_name
    prefix  = "alb/public"
    enabled = true
  }

  tags = merge(var.tags, { Name = "${var.name}-public" })
}

resource "aws_lb_target_group" "grafana" {
  count = local.public_enabled ? 1 : 0

  name                 = "${local.short_name}-grafana"
  port                 = 3000
  protocol             = "HTTP"
  target_type          = "instance"
  vpc_id               = var.vpc_id
  deregistration_delay = var.health_check.deregistration_delay_seconds

  health_check {
    path                = var.grafana_health_path
    port                = "traffic-port"
    protocol            = "HTTP"
    matcher             = "200"
    interval            = var.health_check.interval_seconds
    timeout             = var.health_check.timeout_seconds
    healthy_threshold   = var.health_check.healthy_threshold
    unhealthy_threshold = var.health_check.unhealthy_threshold
  }

  tags = merge(var.tags, { Name = "${var.name}-grafana", Tier = "grafana" })
}

resource "aws_lb_listener" "https" {
  count = local.public_enabled ? 1 : 0

  load_balancer_arn = aws_lb.public[0].arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.public_lb.ssl_policy
  certificate_arn   = var.public_lb.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.grafana[0].arn
  }

  tags = merge(var.tags, { Name = "${var.name}-public-https" })
}

# Port 80 exists only to answer with a permanent redirect to HTTPS.
resource "aws_lb_listener" "http_redirect" {
  count = local.public_enabled && var.http_redirect_enabled ? 1 : 0

  load_balancer_arn = aws_lb.public[0].arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }

  tags = merge(var.tags, { Name = "${var.name}-public-http-redirect" })
}

# ---------------------------------------------------------------------------
# internal load balancer: Prometheus
# ---------------------------------------------------------------------------

resource "aws_lb" "internal" {
  #checkov:skip=CKV2_AWS_20:Internal-only balancer with a single Prometheus listener on 9090 and no port-80 listener to redirect.
  #checkov:skip=CKV2_AWS_28:WAF is for internet-facing balancers; this one is reachable only from Grafana's security group and operator CIDRs inside the VPC.
  count = local.internal_enabled ? 1 : 0

  name               = "${local.short_name}-internal"
  internal           = true
  load_balancer_type = "application"
  security_groups    = [var.security_group_ids["internal_lb"]]
  subnets            = var.private_subnet_ids

  drop_invalid_header_fields = true
  enable_deletion_protection = var.deletion_protection

  access_logs {
    bucket  = var.log_bucket_name
    prefix  = "alb/internal"
    enabled = true
  }

  tags = merge(var.tags, { Name = "${var.name}-internal" })
}

resource "aws_lb_target_group" "prometheus" {
  #checkov:skip=CKV_AWS_378:Prometheus serves plain HTTP on 9090 in the private subnets behind the internal listener (see CKV_AWS_2 on aws_lb_listener.prometheus); only the internal load balancer's security group reaches it.
  count = local.internal_enabled ? 1 : 0

  name                 = "${local.short_name}-prometheus"
  port                 = 9090
  protocol             = "HTTP"
  target_type          = "instance"
  vpc_id               = var.vpc_id
  deregistration_delay = var.health_check.deregistration_delay_seconds

  health_check {
    path                = var.prometheus_health_path
    port                = "traffic-port"
    protocol            = "HTTP"
    matcher             = "200"
    interval            = var.health_check.interval_seconds
    timeout             = var.health_check.timeout_seconds
    healthy_threshold   = var.health_check.healthy_threshold
    unhealthy_threshold = var.health_check.unhealthy_threshold
  }

  tags = merge(var.tags, { Name = "${var.name}-prometheus", Tier = "prometheus" })
}

resource "aws_lb_listener" "prometheus" {
  #checkov:skip=CKV_AWS_2:Plain HTTP inside the VPC: an internal ALB's DNS name cannot carry a public ACM certificate and the contract has no private CA; only Grafana's security group and operator CIDRs can connect.
  #checkov:skip=CKV_AWS_103:Same listener: no TLS on the internal Prometheus listener (see CKV_AWS_2 above).
  count = local.internal_enabled ? 1 : 0

  load_balancer_arn = aws_lb.internal[0].arn
  port              = 9090
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.prometheus[0].arn
  }

  tags = merge(var.tags, { Name = "${var.name}-internal-prometheus" })
}

# ---------------------------------------------------------------------------
# query tier: thanos query behind the internal listener (host query.<name>.internal)
# ---------------------------------------------------------------------------

resource "aws_lb_target_group" "query" {
  #checkov:skip=CKV_AWS_378:thanos query serves plain HTTP on 10902 in the private subnets behind the internal listener (see CKV_AWS_2 on aws_lb_listener.prometheus); only the internal load balancer's security group reaches it.
  count = local.query_enabled ? 1 : 0

  name                 = "${local.short_name}-query"
  port                 = var.query_http_port
  protocol             = "HTTP"
  target_type          = "instance"
  vpc_id               = var.vpc_id
  deregistration_delay = var.health_check.deregistration_delay_seconds

  health_check {
    path                = var.query_health_path
    port                = "traffic-port"
    protocol            = "HTTP"
    matcher             = "200"
    interval            = var.health_check.interval_seconds
    timeout             = var.health_check.timeout_seconds
    healthy_threshold   = var.health_check.healthy_threshold
    unhealthy_threshold = var.health_check.unhealthy_threshold
  }

  tags = merge(var.tags, { Name = "${var.name}-query", Tier = "query" })
}

resource "aws_lb_listener_rule" "query" {
  count = local.query_enabled ? 1 : 0

  listener_arn = aws_lb_listener.prometheus[0].arn
  priority     = 10

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.query[0].arn
  }

  condition {
    host_header {
      values = ["query.${var.name}.internal", "query.${var.name}.internal:9090"]
    }
  }

  tags = merge(var.tags, { Name = "${var.name}-internal-query" })
}
