variable "name" {
  description = "Stack name, used as the prefix of every resource name."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the target groups."
  type        = string
}

variable "public_subnet_ids" {
  description = "Subnets of the public load balancer, one per AZ."
  type        = list(string)
}

variable "private_subnet_ids" {
  description = "Subnets of the internal load balancer, one per AZ."
  type        = list(string)
}

variable "public_lb" {
  description = "Public load balancer settings (enabled, ACM certificate, TLS policy)."
  type = object({
    enabled         = bool
    certificate_arn = string
    ssl_policy      = string
  })
}

variable "http_redirect_enabled" {
  description = "Add a port-80 listener on the public load balancer that only redirects to HTTPS."
  type        = bool
  default     = true
}

variable "internal_lb_enabled" {
  description = "Create the internal load balancer in front of Prometheus."
  type        = bool
}

variable "security_group_ids" {
  description = "Security group ids by role; public_lb and internal_lb are used when those balancers exist."
  type        = map(string)
}

variable "health_check" {
  description = "Health check timings and deregistration delay for every target group."
  type = object({
    interval_seconds             = number
    timeout_seconds              = number
    healthy_threshold            = number
    unhealthy_threshold          = number
    deregistration_delay_seconds = number
  })
}

variable "prometheus_health_path" {
  description = "Prometheus readiness endpoint: answers 200 only once the TSDB is loaded and the config applied."
  type        = string
  default     = "/-/ready"
}

variable "grafana_health_path" {
  description = "Grafana health endpoint: answers 200 when Grafana can reach its database."
  type        = string
  default     = "/api/health"
}

variable "log_bucket_name" {
  description = "Bucket receiving the access logs (prefix alb/<balancer>)."
  type        = string
}

variable "deletion_protection" {
  description = "Deletion protection on the load balancers."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}

variable "waf_enabled" {
  description = "Put a WAF web ACL (AWS-managed rules) in front of the public load balancer."
  type        = bool
  default     = true
}

variable "kms_key_arn" {
  description = "Stack KMS key, encrypts the WAF log group."
  type        = string
}

variable "query_enabled" {
  description = "Whether the query tier (thanos query) exists: a target group and a host rule on the internal listener."
  type        = bool
  default     = false
}

variable "query_http_port" {
  description = "Port thanos query serves HTTP on (the query target group's port)."
  type        = number
  default     = 10902
}

variable "query_health_path" {
  description = "Health check path of thanos query."
  type        = string
  default     = "/-/ready"
}
