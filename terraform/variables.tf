# Root inputs.
#
# The first block of variables is the contract with the Java side: stackgate's
# `generate` writes terraform/stack.auto.tfvars.json with exactly these keys
# (see README.md). They have no defaults on purpose, so a tfvars file that
# forgets one fails at plan time instead of deploying a silently different stack.
# The validations repeat the shape rules so that a hand-edited tfvars file is
# caught here too; HA policy (replica counts, federation mode, ...) is the
# Java validator's job and is not duplicated.

# ---------------------------------------------------------------------------
# Contract variables (written by stackgate into stack.auto.tfvars.json)
# ---------------------------------------------------------------------------

variable "name" {
  description = "Stack name; prefixes every resource name and is the value of the Stack tag."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.name))
    error_message = "name must match ^[a-z][a-z0-9-]{1,30}$ (lower-case letter first, then 1-30 of a-z, 0-9, -)."
  }

  validation {
    # Load balancer, RDS and ElastiCache names are built from it and reject
    # these forms at apply time; refuse them at plan time instead.
    condition     = !startswith(var.name, "internal-") && !strcontains(var.name, "--") && !endswith(var.name, "-")
    error_message = "name must not start with \"internal-\", contain \"--\" or end with \"-\" (AWS load balancer and RDS naming rules)."
  }
}

variable "region" {
  description = "AWS region to deploy into, e.g. us-east-1."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+$", var.region))
    error_message = "region must look like an AWS region name, e.g. us-east-1."
  }
}

variable "availability_zones" {
  description = "Availability zones to spread over; one public and one private subnet is created in each."
  type        = list(string)

  validation {
    condition     = length(var.availability_zones) >= 2
    error_message = "availability_zones needs at least 2 zones: a single-AZ stack is not highly available."
  }

  validation {
    condition     = length(var.availability_zones) <= 8
    error_message = "availability_zones supports at most 8 zones (subnet numbering reserves 8 public and 8 private slots)."
  }

  validation {
    condition     = length(distinct(var.availability_zones)) == length(var.availability_zones)
    error_message = "availability_zones must not repeat a zone."
  }

  validation {
    condition     = alltrue([for az in var.availability_zones : startswith(az, var.region)])
    error_message = "every availability zone must belong to the region (start with the region name)."
  }
}

variable "vpc_cidr" {
  description = "IPv4 CIDR of the VPC; subnets are carved out of it with cidrsubnet()."
  type        = string

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && !strcontains(var.vpc_cidr, ":")
    error_message = "vpc_cidr must be a valid IPv4 CIDR block, e.g. 10.40.0.0/16."
  }

  validation {
    condition     = try(tonumber(split("/", var.vpc_cidr)[1]) >= 16 && tonumber(split("/", var.vpc_cidr)[1]) <= 24, false)
    error_message = "vpc_cidr prefix length must be between /16 and /24 (AWS limits VPCs to /16../28; subnets take 4 more bits)."
  }
}

variable "prometheus" {
  description = "Prometheus tier: identical replicas in one Auto Scaling group."
  type = object({
    replicas         = number
    instance_type    = string
    storage_type     = string # ebs | instance: where the TSDB lives (never EFS)
    storage_size_gib = number
    config_store     = string # efs | s3: where the one shared config bundle lives
    retention        = string
    scrape_interval  = string
    replica_label    = string
  })

  validation {
    condition     = var.prometheus.replicas >= 1 && var.prometheus.replicas <= 10 && floor(var.prometheus.replicas) == var.prometheus.replicas
    error_message = "prometheus.replicas must be a whole number between 1 and 10."
  }

  validation {
    condition     = contains(["ebs", "instance"], var.prometheus.storage_type)
    error_message = "prometheus.storage_type must be \"ebs\" or \"instance\" (the TSDB must not live on EFS/NFS)."
  }

  validation {
    condition     = var.prometheus.storage_size_gib >= 8 && var.prometheus.storage_size_gib <= 16384
    error_message = "prometheus.storage_size_gib must be between 8 and 16384."
  }

  validation {
    condition     = contains(["efs", "s3"], var.prometheus.config_store)
    error_message = "prometheus.config_store must be \"efs\" or \"s3\"."
  }

  validation {
    condition     = can(regex("^([0-9]+(y|w|d|h|m|s|ms))+$", var.prometheus.retention))
    error_message = "prometheus.retention must be a Prometheus duration such as 15d."
  }

  validation {
    condition     = can(regex("^([0-9]+(y|w|d|h|m|s|ms))+$", var.prometheus.scrape_interval))
    error_message = "prometheus.scrape_interval must be a Prometheus duration such as 15s."
  }

  validation {
    condition     = can(regex("^[a-zA-Z_][a-zA-Z0-9_]*$", var.prometheus.replica_label))
    error_message = "prometheus.replica_label must be a valid Prometheus label name."
  }

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", var.prometheus.instance_type))
    error_message = "prometheus.instance_type must be an EC2 instance type such as t3.medium."
  }
}

variable "alertmanager" {
  description = "Alertmanager tier: a gossip cluster; Prometheus talks to every instance directly (no load balancer)."
  type = object({
    replicas      = number
    instance_type = string
  })

  validation {
    condition     = var.alertmanager.replicas >= 1 && var.alertmanager.replicas <= 10 && floor(var.alertmanager.replicas) == var.alertmanager.replicas
    error_message = "alertmanager.replicas must be a whole number between 1 and 10."
  }

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", var.alertmanager.instance_type))
    error_message = "alertmanager.instance_type must be an EC2 instance type such as t3.small."
  }
}

variable "grafana" {
  description = "Grafana tier: replicas behind the public load balancer, sharing one SQL database."
  type = object({
    replicas                     = number
    instance_type                = string
    database_engine              = string # postgres | mysql | sqlite
    remote_cache                 = string # database | redis
    admin_password_ssm_parameter = string
  })

  validation {
    condition     = var.grafana.replicas >= 1 && var.grafana.replicas <= 10 && floor(var.grafana.replicas) == var.grafana.replicas
    error_message = "grafana.replicas must be a whole number between 1 and 10."
  }

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", var.grafana.instance_type))
    error_message = "grafana.instance_type must be an EC2 instance type such as t3.small."
  }

  validation {
    condition     = contains(["postgres", "mysql", "sqlite"], var.grafana.database_engine)
    error_message = "grafana.database_engine must be \"postgres\", \"mysql\" or \"sqlite\"."
  }

  validation {
    condition     = var.grafana.database_engine != "sqlite" || var.grafana.replicas == 1
    error_message = "grafana.database_engine \"sqlite\" only works with one replica: sqlite cannot be shared between Grafana instances."
  }

  validation {
    condition     = contains(["database", "redis"], var.grafana.remote_cache)
    error_message = "grafana.remote_cache must be \"database\" or \"redis\"."
  }

  validation {
    condition     = can(regex("^(/[a-zA-Z0-9_.-]+)+$", var.grafana.admin_password_ssm_parameter))
    error_message = "grafana.admin_password_ssm_parameter must be an SSM parameter path such as /obs/grafana/admin."
  }
}

variable "public_lb" {
  description = "Public Application Load Balancer in front of Grafana (HTTPS only; port 80 only redirects)."
  type = object({
    enabled         = bool
    certificate_arn = string
    ssl_policy      = string
    allowed_cidrs   = list(string)
  })

  validation {
    condition     = !var.public_lb.enabled || can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", var.public_lb.certificate_arn))
    error_message = "public_lb.certificate_arn must be an ACM certificate ARN when the public load balancer is enabled."
  }

  validation {
    # Only policies whose minimum protocol is TLS 1.2 or later.
    condition     = can(regex("^ELBSecurityPolicy-(TLS13-|TLS-1-2-|FS-1-2-)", var.public_lb.ssl_policy))
    error_message = "public_lb.ssl_policy must be a TLS 1.2+ policy: ELBSecurityPolicy-TLS13-*, ELBSecurityPolicy-TLS-1-2-* or ELBSecurityPolicy-FS-1-2-*."
  }

  validation {
    condition     = alltrue([for c in var.public_lb.allowed_cidrs : can(cidrhost(c, 0))])
    error_message = "public_lb.allowed_cidrs must contain only valid CIDR blocks."
  }

  validation {
    condition     = !var.public_lb.enabled || length(var.public_lb.allowed_cidrs) > 0
    error_message = "public_lb.allowed_cidrs must not be empty when the public load balancer is enabled."
  }
}

variable "internal_lb" {
  description = "Internal Application Load Balancer in front of Prometheus (Grafana's datasource)."
  type = object({
    enabled = bool
  })
}

variable "health_check" {
  description = "Target group health checks and deregistration delay, shared by every load-balanced tier."
  type = object({
    interval_seconds             = number
    timeout_seconds              = number
    healthy_threshold            = number
    unhealthy_threshold          = number
    deregistration_delay_seconds = number
  })

  validation {
    condition     = var.health_check.interval_seconds >= 5 && var.health_check.interval_seconds <= 300
    error_message = "health_check.interval_seconds must be between 5 and 300 (ALB limits)."
  }

  validation {
    condition     = var.health_check.timeout_seconds >= 2 && var.health_check.timeout_seconds <= 120 && var.health_check.timeout_seconds < var.health_check.interval_seconds
    error_message = "health_check.timeout_seconds must be between 2 and 120 and smaller than interval_seconds."
  }

  validation {
    condition = alltrue([
      for t in [var.health_check.healthy_threshold, var.health_check.unhealthy_threshold] : t >= 2 && t <= 10
    ])
    error_message = "health_check.healthy_threshold and unhealthy_threshold must be between 2 and 10 (ALB limits)."
  }

  validation {
    condition     = var.health_check.deregistration_delay_seconds >= 0 && var.health_check.deregistration_delay_seconds <= 3600
    error_message = "health_check.deregistration_delay_seconds must be between 0 and 3600."
  }
}

variable "query" {
  description = "Query tier: thanos query over a Thanos sidecar on every Prometheus replica, behind the internal load balancer (Grafana's datasource). enabled = false: Grafana reads the replicas through the internal load balancer."
  type = object({
    enabled       = bool
    replicas      = number
    instance_type = string
  })

  validation {
    condition     = var.query.replicas >= 1 && var.query.replicas <= 10 && floor(var.query.replicas) == var.query.replicas
    error_message = "query.replicas must be a whole number between 1 and 10."
  }

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", var.query.instance_type))
    error_message = "query.instance_type must be an EC2 instance type such as t3.small."
  }

  validation {
    condition     = !var.query.enabled || var.internal_lb.enabled
    error_message = "query.enabled needs internal_lb.enabled: Grafana reaches the query tier through the internal load balancer."
  }
}

variable "ssh_from_cidrs" {
  description = "CIDRs allowed to SSH (22) to the nodes. Empty (the default in stackgate) means no SSH rule at all."
  type        = list(string)

  validation {
    condition     = alltrue([for c in var.ssh_from_cidrs : can(cidrhost(c, 0))])
    error_message = "ssh_from_cidrs must contain only valid CIDR blocks."
  }

  validation {
    condition     = !anytrue([for c in var.ssh_from_cidrs : endswith(c, "/0")])
    error_message = "ssh_from_cidrs must not open SSH to the whole internet (0.0.0.0/0 or ::/0)."
  }
}

variable "imds_v2_required" {
  description = "Require IMDSv2 session tokens on every instance. Must be true; kept as an input so the contract is explicit."
  type        = bool

  validation {
    condition     = var.imds_v2_required
    error_message = "imds_v2_required must be true: IMDSv1 lets any SSRF read the instance role's credentials."
  }
}

# ---------------------------------------------------------------------------
# Optional variables (never written by stackgate; defaults are the stack's policy)
# ---------------------------------------------------------------------------

variable "single_nat_gateway" {
  description = "One NAT gateway shared by all AZs instead of one per AZ: cheaper, but losing that AZ cuts every node's egress."
  type        = bool
  default     = false
}

variable "ami_ids" {
  description = "Baked AMI per tier (see bake/). null looks up the latest official Debian 12 AMI and lets the bootstrap install everything."
  type = object({
    prometheus   = string
    alertmanager = string
    grafana      = string
  })
  default = null

  validation {
    # A conditional, not ||: Terraform evaluates both sides of || and values(null) fails.
    condition = var.ami_ids == null ? true : alltrue([
      for id in values(var.ami_ids) : can(regex("^ami-[0-9a-f]{8,17}$", id))
    ])
    error_message = "ami_ids values must be AMI ids (ami-...)."
  }
}

variable "ami_architecture" {
  description = "CPU architecture of the Debian 12 AMI looked up when ami_ids is null; must match the instance types."
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.ami_architecture)
    error_message = "ami_architecture must be \"x86_64\" or \"arm64\"."
  }
}

variable "tags" {
  description = "Extra tags for every resource. Stack and Tier are set by the modules and win over these."
  type        = map(string)
  default     = {}

  validation {
    # Instance tags are exposed in instance metadata (Stack/Tier are read
    # there), and EC2 then refuses to launch with keys outside this set.
    condition     = alltrue([for k in keys(var.tags) : can(regex("^[A-Za-z0-9+=._:@-]{1,128}$", k)) && !contains([".", ".."], k)])
    error_message = "tags keys may only use letters, digits and + - = . _ : @ (no spaces or /), because instance tags are exposed in instance metadata."
  }

  validation {
    condition     = !contains(keys(var.tags), "Stack") && !contains(keys(var.tags), "Tier")
    error_message = "tags must not set Stack or Tier: Prometheus discovery and the Ansible inventory select on them."
  }
}

variable "deletion_protection" {
  description = "Deletion protection on the load balancers and the database. Turn off only to tear a test stack down."
  type        = bool
  default     = true
}

variable "http_redirect_enabled" {
  description = "Listen on port 80 of the public load balancer, only to redirect to HTTPS. false closes port 80 entirely."
  type        = bool
  default     = true
}

variable "internal_lb_allowed_cidrs" {
  description = "Extra CIDRs (e.g. a VPN range) allowed to reach the internal Prometheus load balancer; Grafana is always allowed."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for c in var.internal_lb_allowed_cidrs : can(cidrhost(c, 0)) && !endswith(c, "/0")])
    error_message = "internal_lb_allowed_cidrs must contain valid CIDR blocks and not /0."
  }
}

variable "scrape_egress_cidrs" {
  description = "Where Prometheus may scrape targets outside the stack (any TCP port). Defaults to the VPC CIDR when null."
  type        = list(string)
  default     = null

  validation {
    condition     = var.scrape_egress_cidrs == null ? true : alltrue([for c in var.scrape_egress_cidrs : can(cidrhost(c, 0))])
    error_message = "scrape_egress_cidrs must contain only valid CIDR blocks."
  }
}

variable "enable_ssm_session_manager" {
  description = "Attach AmazonSSMManagedInstanceCore so operators get a shell through Session Manager instead of SSH."
  type        = bool
  default     = true
}

variable "health_check_grace_period_seconds" {
  description = "Time the Auto Scaling groups give a new instance (the Ansible bootstrap runs at boot) before health checks count."
  type        = number
  default     = 600

  validation {
    condition     = var.health_check_grace_period_seconds >= 60 && var.health_check_grace_period_seconds <= 7200
    error_message = "health_check_grace_period_seconds must be between 60 and 7200."
  }
}

variable "database" {
  description = "Grafana's RDS instance settings (used when grafana.database_engine is postgres or mysql)."
  type = object({
    instance_class        = optional(string, "db.t4g.medium")
    allocated_storage_gib = optional(number, 20)
    backup_retention_days = optional(number, 7)
    postgres_version      = optional(string, "16")
    mysql_version         = optional(string, "8.0")
  })
  default = {}

  validation {
    condition     = var.database.backup_retention_days >= 1 && var.database.backup_retention_days <= 35
    error_message = "database.backup_retention_days must be between 1 and 35 (0 would disable backups)."
  }
}

variable "redis_node_type" {
  description = "ElastiCache node type for Grafana's remote cache (used when grafana.remote_cache is redis)."
  type        = string
  default     = "cache.t4g.small"
}

variable "waf_enabled" {
  description = "Put a WAF web ACL with AWS-managed rules in front of the public load balancer."
  type        = bool
  default     = true
}
