output "config_bucket_name" {
  description = "Config bucket: upload the Ansible tree to ansible/ and the bundle's config/ to config/."
  value       = aws_s3_bucket.config.id
}

output "config_bucket_arn" {
  description = "Config bucket ARN."
  value       = aws_s3_bucket.config.arn
}

# The log bucket outputs wait for the bucket policy: creating a load balancer
# with access logs (or a flow log) fails when the bucket does not yet allow
# the log delivery principals to write.
output "log_bucket_name" {
  description = "Bucket receiving load balancer access logs (alb/), S3 access logs (s3-access/) and VPC flow logs (vpc-flow-logs/)."
  value       = aws_s3_bucket.log.id
  depends_on  = [aws_s3_bucket_policy.log, aws_s3_bucket_ownership_controls.log]
}

output "log_bucket_arn" {
  description = "Log bucket ARN."
  value       = aws_s3_bucket.log.arn
  depends_on  = [aws_s3_bucket_policy.log, aws_s3_bucket_ownership_controls.log]
}

output "efs_id" {
  description = "EFS file system id of the shared config."
  value       = aws_efs_file_system.config.id
}

output "efs_access_point_ids" {
  description = "EFS access point id by tier."
  value       = { for k, ap in aws_efs_access_point.tier : k => ap.id }
}

output "efs_mount_target_ids" {
  description = "EFS mount target ids, one per AZ. Nodes must not boot before these exist."
  value       = aws_efs_mount_target.config[*].id
}
