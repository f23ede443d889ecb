# Inputs of the bake root. Most come from the main stack's outputs:
#   terraform -chdir=terraform output -json bake_inputs
variable "name" {
  description = "Stack name (same as the main stack)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.name))
    error_message = "name must match ^[a-z][a-z0-9-]{1,30}$."
  }
}

variable "region" {
  description = "AWS region of the main stack."
  type        = string
}

variable "vpc_id" {
  description = "The main stack's VPC (output vpc_id)."
  type        = string
}

variable "subnet_id" {
  description = "A private subnet of the main stack, with NAT egress (first of output private_subnet_ids)."
  type        = string
}

variable "config_bucket" {
  description = "The main stack's config bucket (output config_bucket); the Ansible tree must be uploaded to ansible/ first."
  type        = string
}

variable "kms_key_arn" {
  description = "The main stack's KMS key (output kms_key_arn), which encrypts the config bucket."
  type        = string
}

variable "images" {
  description = "Images to bake: image name -> playbook in the Ansible tree."
  type        = map(string)
  default = {
    prometheus = "bake-prometheus.yml" # Prometheus + Alertmanager + node_exporter
    grafana    = "bake-grafana.yml"    # Grafana + node_exporter
  }
}

variable "tier_images" {
  description = "Which image each tier of the main stack launches from."
  type        = map(string)
  default = {
    prometheus   = "prometheus"
    alertmanager = "prometheus"
    grafana      = "grafana"
  }
}

variable "instance_type" {
  description = "Builder instance type."
  type        = string
  default     = "t3.medium"
}

variable "ami_architecture" {
  description = "Architecture of the base Debian 12 AMI; must match the stack's instance types."
  type        = string
  default     = "x86_64"
}

variable "create_amis" {
  description = "Wait for the builders to power off and make the AMIs."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Extra tags for every resource."
  type        = map(string)
  default     = {}
}
