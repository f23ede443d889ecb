output "kms_key_arn" {
  description = "ARN of the stack's customer-managed KMS key."
  value       = aws_kms_key.this.arn
}

output "security_group_ids" {
  description = "Security group id by role: prometheus, alertmanager, grafana, efs, and when they exist public_lb, internal_lb, database, redis."
  value       = { for k, sg in aws_security_group.this : k => sg.id }
}

output "instance_profile_names" {
  description = "Instance profile name by tier."
  value       = { for k, p in aws_iam_instance_profile.node : k => p.name }
}

output "role_arns" {
  description = "Node role ARN by tier."
  value       = { for k, r in aws_iam_role.node : k => r.arn }
}
