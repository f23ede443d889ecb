variable "name" {
  description = "Stack name, used as the prefix of every resource name."
  type        = string
}

variable "engine" {
  description = "Grafana database engine: postgres or mysql create an RDS instance; sqlite creates none."
  type        = string

  validation {
    condition     = contains(["postgres", "mysql", "sqlite"], var.engine)
    error_message = "engine must be postgres, mysql or sqlite."
  }
}

variable "redis_enabled" {
  description = "Create an ElastiCache Redis replication group for Grafana's remote cache."
  type        = bool
}

variable "private_subnet_ids" {
  description = "Private subnets (one per AZ) for the database and the cache."
  type        = list(string)
}

variable "security_group_ids" {
  description = "Security group ids by role; database and redis are used when those exist."
  type        = map(string)
}

variable "kms_key_arn" {
  description = "Stack KMS key: storage, managed secret, Performance Insights, Redis at rest."
  type        = string
}

variable "instance_class" {
  description = "RDS instance class."
  type        = string
  default     = "db.t4g.medium"
}

variable "allocated_storage_gib" {
  description = "Initial storage; storage autoscaling may grow it up to 5x."
  type        = number
  default     = 20
}

variable "backup_retention_days" {
  description = "Days of automated backups (point-in-time recovery window)."
  type        = number
  default     = 7
}

variable "postgres_version" {
  description = "PostgreSQL major version."
  type        = string
  default     = "16"
}

variable "mysql_version" {
  description = "MySQL version (major.minor)."
  type        = string
  default     = "8.0"
}

variable "redis_node_type" {
  description = "ElastiCache node type."
  type        = string
  default     = "cache.t4g.small"
}

variable "deletion_protection" {
  description = "Deletion protection on the database."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
