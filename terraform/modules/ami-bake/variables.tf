variable "name" {
  description = "Stack name: prefix of the builders' and AMIs' names."
  type        = string
}

variable "images" {
  description = "Images to bake: image name -> bake playbook (relative to the Ansible tree). One builder per image."
  type        = map(string)
  default = {
    # ansible/bake-prometheus.yml installs Prometheus, Alertmanager and node_exporter,
    # so the prometheus and alertmanager tiers share one image.
    prometheus = "bake-prometheus.yml"
    grafana    = "bake-grafana.yml"
  }
}

variable "tier_images" {
  description = "Which baked image each tier launches from."
  type        = map(string)
  default = {
    prometheus   = "prometheus"
    alertmanager = "prometheus"
    grafana      = "grafana"
  }

  validation {
    condition     = alltrue([for image in values(var.tier_images) : contains(keys(var.images), image)])
    error_message = "every tier_images value must be a key of images."
  }
}

variable "vpc_id" {
  description = "VPC of the builder instances (the stack's VPC)."
  type        = string
}

variable "subnet_id" {
  description = "Private subnet with NAT egress for the builders (they install packages)."
  type        = string
}

variable "config_bucket" {
  description = "Config bucket holding the Ansible tree under ansible/."
  type        = string
}

variable "kms_key_arn" {
  description = "KMS key the config bucket's objects are encrypted with."
  type        = string
}

variable "instance_type" {
  description = "Builder instance type; its architecture must match ami_architecture."
  type        = string
  default     = "t3.medium"
}

variable "ami_architecture" {
  description = "Architecture of the Debian 12 base AMI (x86_64 or arm64)."
  type        = string
  default     = "x86_64"
}

variable "root_volume_size_gib" {
  description = "Root volume of the builders and so of the baked AMIs."
  type        = number
  default     = 16
}

variable "create_amis" {
  description = "Create the AMIs: leave false on the first apply if you want to look at a builder first."
  type        = bool
  default     = true
}

variable "stop_timeout_minutes" {
  description = "How long to wait for a builder to finish the playbook and power itself off."
  type        = number
  default     = 40
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
