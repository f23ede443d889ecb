# Security groups, least privilege.
#
# The groups start empty (aws_security_group without inline rules has no
# egress either) and every allowed flow is written down once, in local.flows:
# a flow between two groups becomes an egress rule on the source and the
# matching ingress rule on the destination. Reading local.flows is reading
# the stack's whole east-west network policy.

locals {
  ports = {
    https        = 443
    http         = 80
    ssh          = 22
    prometheus   = 9090
    alertmanager = 9093
    gossip       = 9094 # Alertmanager cluster and Grafana unified-alerting HA (memberlist)
    grafana      = 3000
    node         = 9100 # node_exporter
    nfs          = 2049
    redis        = 6379
    postgres     = 5432
    mysql        = 3306
    thanos_grpc  = 10901 # Thanos Store API: sidecars on the Prometheus nodes, answered to the query tier only
    thanos_http  = 10902 # thanos query's HTTP API: the internal load balancer only
  }

  database_enabled = var.database_engine != "sqlite"
  database_port    = var.database_engine == "mysql" ? local.ports.mysql : local.ports.postgres

  node_tiers = concat(["prometheus", "alertmanager", "grafana"], var.query_enabled ? ["query"] : [])

  groups = merge(
    {
      prometheus   = "Prometheus replicas: queried by the internal load balancer, scraped by each other"
      alertmanager = "Alertmanager cluster: receives alerts from every Prometheus, gossips with its peers"
      grafana      = "Grafana replicas: served by the public load balancer, gossip for unified alerting HA"
      efs          = "EFS mount targets of the shared config: NFS from the nodes only"
    },
    var.public_lb_enabled ? { public_lb = "Public load balancer: HTTPS from the allowed CIDRs, HTTP only to redirect" } : {},
    var.internal_lb_enabled ? { internal_lb = "Internal load balancer: Grafana's Prometheus datasource" } : {},
    local.database_enabled ? { database = "Grafana database: SQL from Grafana only" } : {},
    var.query_enabled ? { query = "Thanos query tier: reads every Prometheus sidecar, served by the internal load balancer" } : {},
    var.redis_enabled ? { redis = "Grafana remote cache: Redis from Grafana only" } : {},
  )

  # Every group-to-group flow of the stack. Keys are "<from>-<to>-<port>[-udp]".
  flows = merge(
    {
      "prometheus-prometheus-9090" = {
        from        = "prometheus"
        to          = "prometheus"
        port        = local.ports.prometheus
        protocol    = "tcp"
        description = "Prometheus replicas scrape each other's /metrics (meta-monitoring, not federation)"
      }
      "prometheus-alertmanager-9093" = {
        from        = "prometheus"
        to          = "alertmanager"
        port        = local.ports.alertmanager
        protocol    = "tcp"
        description = "Prometheus sends alerts to every Alertmanager directly and scrapes its /metrics"
      }
      "prometheus-grafana-3000" = {
        from        = "prometheus"
        to          = "grafana"
        port        = local.ports.grafana
        protocol    = "tcp"
        description = "Prometheus scrapes Grafana's /metrics"
      }
      "alertmanager-alertmanager-9094" = {
        from        = "alertmanager"
        to          = "alertmanager"
        port        = local.ports.gossip
        protocol    = "tcp"
        description = "Alertmanager cluster gossip (TCP) between peers"
      }
      "alertmanager-alertmanager-9094-udp" = {
        from        = "alertmanager"
        to          = "alertmanager"
        port        = local.ports.gossip
        protocol    = "udp"
        description = "Alertmanager cluster gossip (UDP) between peers"
      }
      "grafana-grafana-9094" = {
        from        = "grafana"
        to          = "grafana"
        port        = local.ports.gossip
        protocol    = "tcp"
        description = "Grafana unified alerting HA gossip (TCP) between replicas"
      }
      "grafana-grafana-9094-udp" = {
        from        = "grafana"
        to          = "grafana"
        port        = local.ports.gossip
        protocol    = "udp"
        description = "Grafana unified alerting HA gossip (UDP) between replicas"
      }
    },
    # node_exporter on every node answers only Prometheus.
    {
      for tier in local.node_tiers : "prometheus-${tier}-9100" => {
        from        = "prometheus"
        to          = tier
        port        = local.ports.node
        protocol    = "tcp"
        description = "Prometheus scrapes node_exporter on the ${tier} nodes"
      }
    },
    # The shared config is mounted over NFS by every node.
    {
      for tier in local.node_tiers : "${tier}-efs-2049" => {
        from        = tier
        to          = "efs"
        port        = local.ports.nfs
        protocol    = "tcp"
        description = "${tier} nodes mount the shared config from EFS (NFS)"
      }
    },
    var.public_lb_enabled ? {
      "public_lb-grafana-3000" = {
        from        = "public_lb"
        to          = "grafana"
        port        = local.ports.grafana
        protocol    = "tcp"
        description = "Public load balancer forwards requests and health checks to Grafana"
      }
    } : {},
    var.internal_lb_enabled ? {
      "grafana-internal_lb-9090" = {
        from        = "grafana"
        to          = "internal_lb"
        port        = local.ports.prometheus
        protocol    = "tcp"
        description = "Grafana's Prometheus datasource queries through the internal load balancer"
      }
      "internal_lb-prometheus-9090" = {
        from        = "internal_lb"
        to          = "prometheus"
        port        = local.ports.prometheus
        protocol    = "tcp"
        description = "Internal load balancer forwards queries and health checks to Prometheus"
      }
    } : {},
    # The sidecars' Store API is reachable from the query tier's group and nothing else;
    # query's HTTP API only from the internal load balancer (which Grafana reaches).
    var.query_enabled ? {
      "query-prometheus-10901" = {
        from        = "query"
        to          = "prometheus"
        port        = local.ports.thanos_grpc
        protocol    = "tcp"
        description = "thanos query reads every Prometheus replica through its Thanos sidecar (gRPC Store API)"
      }
    } : {},
    var.query_enabled && var.internal_lb_enabled ? {
      "internal_lb-query-10902" = {
        from        = "internal_lb"
        to          = "query"
        port        = local.ports.thanos_http
        protocol    = "tcp"
        description = "Internal load balancer forwards Grafana's datasource queries and health checks to thanos query"
      }
    } : {},
    local.database_enabled ? {
      "grafana-database-${local.database_port}" = {
        from        = "grafana"
        to          = "database"
        port        = local.database_port
        protocol    = "tcp"
        description = "Grafana stores dashboards, users and alert state in the shared ${var.database_engine} database"
      }
    } : {},
    var.redis_enabled ? {
      "grafana-redis-6379" = {
        from        = "grafana"
        to          = "redis"
        port        = local.ports.redis
        protocol    = "tcp"
        description = "Grafana remote cache (sessions) in Redis"
      }
    } : {},
  )

  # Flows from and to CIDR blocks, one rule per CIDR (the rule resources take one CIDR each).
  public_lb_ingress = var.public_lb_enabled ? merge(
    { for c in var.public_lb_allowed_cidrs : "https-${c}" => {
      cidr        = c
      port        = local.ports.https
      description = "HTTPS to Grafana from an allowed CIDR"
    } },
    var.http_redirect_enabled ? { for c in var.public_lb_allowed_cidrs : "http-${c}" => {
      cidr        = c
      port        = local.ports.http
      description = "HTTP from an allowed CIDR, only answered with a redirect to HTTPS"
    } } : {},
  ) : {}

  internal_lb_ingress = var.internal_lb_enabled ? {
    for c in var.internal_lb_allowed_cidrs : c => {
      cidr        = c
      port        = local.ports.prometheus
      description = "Prometheus queries through the internal load balancer from an operator CIDR"
    }
  } : {}

  ssh_ingress = {
    for pair in setproduct(local.node_tiers, var.ssh_from_cidrs) : "${pair[0]}-${pair[1]}" => {
      tier = pair[0]
      cidr = pair[1]
    }
  }

  # Outbound to the internet through the NAT gateways: Debian mirrors (80),
  # AWS APIs, S3 and receivers' webhooks (443).
  internet_egress = {
    for pair in setproduct(local.node_tiers, [local.ports.https, local.ports.http]) : "${pair[0]}-${pair[1]}" => {
      tier = pair[0]
      port = pair[1]
    }
  }

  scrape_egress = { for c in var.scrape_egress_cidrs : c => c }
}

resource "aws_security_group" "this" {
  #checkov:skip=CKV2_AWS_5:Attached in other modules through the security_group_ids output (load balancers, launch templates, EFS mount targets, RDS, ElastiCache); checkov's graph does not follow for_each groups across module outputs.
  for_each = local.groups

  # A prefix, not a fixed name: a changed description replaces the group, and
  # the replacement must exist before the old one (still attached) goes.
  name_prefix = "${var.name}-${replace(each.key, "_", "-")}-"
  description = each.value
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-${replace(each.key, "_", "-")}" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "flow" {
  for_each = local.flows

  security_group_id            = aws_security_group.this[each.value.to].id
  referenced_security_group_id = aws_security_group.this[each.value.from].id
  ip_protocol                  = each.value.protocol
  from_port                    = each.value.port
  to_port                      = each.value.port
  description                  = each.value.description

  tags = merge(var.tags, { Name = "${var.name}-${each.key}" })
}

resource "aws_vpc_security_group_egress_rule" "flow" {
  for_each = local.flows

  security_group_id            = aws_security_group.this[each.value.from].id
  referenced_security_group_id = aws_security_group.this[each.value.to].id
  ip_protocol                  = each.value.protocol
  from_port                    = each.value.port
  to_port                      = each.value.port
  description                  = each.value.description

  tags = merge(var.tags, { Name = "${var.name}-${each.key}" })
}

resource "aws_vpc_security_group_ingress_rule" "public_lb" {
  for_each = local.public_lb_ingress

  security_group_id = aws_security_group.this["public_lb"].id
  cidr_ipv4         = strcontains(each.value.cidr, ":") ? null : each.value.cidr
  cidr_ipv6         = strcontains(each.value.cidr, ":") ? each.value.cidr : null
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  description       = each.value.description

  tags = merge(var.tags, { Name = "${var.name}-public-lb-${each.key}" })
}

resource "aws_vpc_security_group_ingress_rule" "internal_lb" {
  for_each = local.internal_lb_ingress

  security_group_id = aws_security_group.this["internal_lb"].id
  cidr_ipv4         = strcontains(each.value.cidr, ":") ? null : each.value.cidr
  cidr_ipv6         = strcontains(each.value.cidr, ":") ? each.value.cidr : null
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  description       = each.value.description

  tags = merge(var.tags, { Name = "${var.name}-internal-lb-${each.key}" })
}

# No SSH rule exists unless ssh_from_cidrs is non-empty (Session Manager is the default way in).
resource "aws_vpc_security_group_ingress_rule" "ssh" {
  for_each = local.ssh_ingress

  security_group_id = aws_security_group.this[each.value.tier].id
  cidr_ipv4         = strcontains(each.value.cidr, ":") ? null : each.value.cidr
  cidr_ipv6         = strcontains(each.value.cidr, ":") ? each.value.cidr : null
  ip_protocol       = "tcp"
  from_port         = local.ports.ssh
  to_port           = local.ports.ssh
  description       = "SSH to the ${each.value.tier} nodes from an operator CIDR"

  tags = merge(var.tags, { Name = "${var.name}-${each.key}-ssh" })
}

resource "aws_vpc_security_group_egress_rule" "internet" {
  for_each = local.internet_egress

  security_group_id = aws_security_group.this[each.value.tier].id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  description       = each.value.port == local.ports.https ? "HTTPS out via NAT: AWS APIs, S3, receivers' webhooks" : "HTTP out via NAT: Debian package mirrors"

  tags = merge(var.tags, { Name = "${var.name}-${each.key}-out" })
}

# Scrape targets outside the stack (EC2-discovered exporters, static
# targets) can listen on any port, so Prometheus may open any TCP port,
# but only towards scrape_egress_cidrs (the VPC by default).
resource "aws_vpc_security_group_egress_rule" "scrape" {
  for_each = local.scrape_egress

  security_group_id = aws_security_group.this["prometheus"].id
  cidr_ipv4         = strcontains(each.value, ":") ? null : each.value
  cidr_ipv6         = strcontains(each.value, ":") ? each.value : null
  ip_protocol       = "tcp"
  from_port         = 1
  to_port           = 65535
  description       = "Prometheus scrapes targets outside the stack"

  tags = merge(var.tags, { Name = "${var.name}-prometheus-scrape-out" })
}
