variable "name" {
  description = "Stack name, used as the prefix of every resource name."
  type        = string
}

variable "kms_key_arn" {
  description = "Stack KMS key for the config bucket and EFS."
  type        = string
}

variable "private_subnet_ids" {
  description = "One private subnet per AZ; each gets an EFS mount target."
  type        = list(string)
}

variable "efs_security_group_id" {
  description = "Security group of the EFS mount targets (NFS from the nodes only)."
  type        = string
}

variable "log_retention_days" {
  description = "Days to keep load balancer, S3 access and VPC flow logs."
  type        = number
  default     = 365
}

variable "config_noncurrent_days" {
  description = "Days to keep superseded versions of config objects (for rollback)."
  type        = number
  default     = 90
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
