variable "name" {
  description = "Stack name, used as the prefix of every resource name."
  type        = string
}

variable "vpc_cidr" {
  description = "IPv4 CIDR of the VPC."
  type        = string
}

variable "availability_zones" {
  description = "Zones to create one public and one private subnet in."
  type        = list(string)
}

variable "single_nat_gateway" {
  description = "Share one NAT gateway (in the first AZ) instead of one per AZ."
  type        = bool
  default     = false
}

variable "flow_log_bucket_arn" {
  description = "S3 bucket (ARN) that receives the VPC flow logs."
  type        = string
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
