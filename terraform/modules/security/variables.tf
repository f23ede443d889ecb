variable "name" {
  description = "Stack name, used as the prefix of every resource name."
  type        = string
}

variable "vpc_id" {
  description = "VPC the security groups belong to."
  type        = string
}

variable "public_lb_enabled" {
  description = "Whether the public load balancer (and its security group) exists."
  type        = bool
}

variable "public_lb_allowed_cidrs" {
  description = "CIDRs allowed to reach the public load balancer on 443 (and 80, which only redirects)."
  type        = list(string)
}

variable "http_redirect_enabled" {
  description = "Open port 80 on the public load balancer for the HTTP-to-HTTPS redirect."
  type        = bool
  default     = true
}

variable "internal_lb_enabled" {
  description = "Whether the internal Prometheus load balancer (and its security group) exists."
  type        = bool
}

variable "internal_lb_allowed_cidrs" {
  description = "Extra CIDRs allowed to query Prometheus through the internal load balancer."
  type        = list(string)
  default     = []
}

variable "ssh_from_cidrs" {
  description = "CIDRs allowed to SSH to the nodes; empty creates no SSH rule."
  type        = list(string)
  default     = []
}

variable "scrape_egress_cidrs" {
  description = "CIDRs Prometheus may open any TCP port to, for scrape targets outside the stack."
  type        = list(string)
}

variable "database_engine" {
  description = "Grafana database engine: postgres, mysql or sqlite (sqlite: no database security group)."
  type        = string
}

variable "redis_enabled" {
  description = "Whether Grafana's ElastiCache Redis (and its security group) exists."
  type        = bool
}

variable "config_bucket_arn" {
  description = "ARN of the S3 bucket holding the Ansible tree (ansible/) and the config bundle (config/)."
  type        = string
}

variable "admin_password_ssm_parameter" {
  description = "SSM parameter holding Grafana's admin password."
  type        = string
}

variable "grafana_secret_arns" {
  description = "Secrets Manager secrets Grafana reads at boot (database master secret, Redis AUTH token)."
  type        = list(string)
  default     = []
}

variable "enable_ssm_session_manager" {
  description = "Attach AmazonSSMManagedInstanceCore to the node roles (shell access without SSH)."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}

variable "query_enabled" {
  description = "Whether the Thanos query tier (its security group, flows, role) exists."
  type        = bool
  default     = false
}
