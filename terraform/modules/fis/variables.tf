variable "stack_name" {
  description = "The stack's name (topology name): the Stack tag the templates select on and the role's name prefix."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.stack_name))
    error_message = "stack_name is the topology's name: [a-z][a-z0-9-]{1,30}."
  }
}

variable "templates_dir" {
  description = "The chaos/ directory `stackgate generate --out DIR` wrote (DIR/chaos): one experiment template per *.json file."
  type        = string
}

variable "role_arn" {
  description = "An existing IAM role for FIS to act as; null creates <stack_name>-fis, limited to instances tagged Stack=<stack_name>."
  type        = string
  default     = null
}

variable "stop_alarm_arn" {
  description = "A CloudWatch alarm that stops every experiment when it fires; null keeps the templates' own stop conditions."
  type        = string
  default     = null
}

variable "kms_key_arns" {
  description = "KMS keys of the instances' encrypted EBS volumes: starting a stopped instance needs a grant on them."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Extra tags for the templates and the role."
  type        = map(string)
  default     = {}
}
