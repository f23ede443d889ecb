variable "name" {
  description = "Stack name: resource name prefix and the Stack tag of every instance."
  type        = string
}

variable "region" {
  description = "AWS region, passed to the bootstrap."
  type        = string
}

variable "tiers" {
  description = "Per tier (prometheus, alertmanager, grafana and, with a query tier, query): size, network identity and load balancer targets."
  type = map(object({
    replicas              = number
    instance_type         = string
    security_group_id     = string
    instance_profile_name = string
    target_group_arns     = list(string)
  }))

  validation {
    condition     = length(setsubtract(keys(var.tiers), ["prometheus", "alertmanager", "grafana", "query"])) == 0
    error_message = "tiers keys must be prometheus, alertmanager, grafana or query (they become the Tier tag)."
  }
}

variable "private_subnet_ids" {
  description = "Private subnets the Auto Scaling groups spread over (one per AZ)."
  type        = list(string)
}

variable "config_bucket" {
  description = "Config bucket name (ansible/ and config/ prefixes)."
  type        = string
}

variable "config_store" {
  description = "Where nodes read the shared config: efs (mount) or s3 (sync)."
  type        = string
}

variable "efs_id" {
  description = "EFS file system id of the shared config."
  type        = string
}

variable "prometheus_storage" {
  description = "Prometheus TSDB disk: type ebs adds a gp3 data volume of size_gib; instance uses the instance store."
  type = object({
    type     = string
    size_gib = number
  })
}

variable "ami_ids" {
  description = "Baked AMI per tier, or null to use the latest official Debian 12 AMI. The query tier runs on the Prometheus image (it carries the thanos binary)."
  type = object({
    prometheus   = string
    alertmanager = string
    grafana      = string
  })
  default = null
}

variable "ami_architecture" {
  description = "Architecture of the Debian 12 AMI looked up when ami_ids is null (x86_64 or arm64)."
  type        = string
  default     = "x86_64"
}

variable "root_volume_size_gib" {
  description = "Root volume size of every node."
  type        = number
  default     = 16
}

variable "health_check_grace_period_seconds" {
  description = "Time a new instance gets (the bootstrap runs) before health checks count."
  type        = number
  default     = 600
}

variable "boot_prerequisite_ids" {
  description = "Ids of resources that must exist before any node boots (EFS mount targets, NAT routes)."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags for every resource; the instances also get Name, Stack and Tier."
  type        = map(string)
  default     = {}
}
