output "vpc_id" {
  description = "VPC id."
  value       = module.networking.vpc_id
}

output "private_subnet_ids" {
  description = "Private subnet ids (nodes, internal load balancer, database), in availability_zones order."
  value       = module.networking.private_subnet_ids
}

output "public_subnet_ids" {
  description = "Public subnet ids (public load balancer, NAT gateways)."
  value       = module.networking.public_subnet_ids
}

output "nat_gateway_public_ips" {
  description = "Addresses the nodes' outbound traffic comes from (allow-list these at webhook receivers)."
  value       = module.networking.nat_gateway_public_ips
}

output "config_bucket" {
  description = "Upload the Ansible tree to s3://<this>/ansible and the bundle's config/ to s3://<this>/config."
  value       = module.storage.config_bucket_name
}

output "log_bucket" {
  description = "Access and flow logs."
  value       = module.storage.log_bucket_name
}

output "efs_id" {
  description = "EFS file system of the shared config (mounted at /mnt/stackgate when config_store is efs)."
  value       = module.storage.efs_id
}

output "kms_key_arn" {
  description = "The stack's KMS key."
  value       = module.security.kms_key_arn
}

output "security_group_ids" {
  description = "Security group id by role."
  value       = module.security.security_group_ids
}

output "grafana_url" {
  description = "Grafana through the public load balancer (use the certificate's host name in a CNAME/alias to this), or null."
  value       = module.load_balancing.public_lb_dns_name == null ? null : "https://${module.load_balancing.public_lb_dns_name}"
}

output "public_lb_zone_id" {
  description = "Route 53 zone id of the public load balancer, for an alias record."
  value       = module.load_balancing.public_lb_zone_id
}

output "prometheus_internal_url" {
  description = "Grafana's Prometheus datasource URL (internal load balancer), or null."
  value       = module.load_balancing.prometheus_internal_url
}

output "autoscaling_group_names" {
  description = "Auto Scaling group by tier (start an instance refresh on these after a config change)."
  value       = module.compute.autoscaling_group_names
}

output "ami_ids" {
  description = "AMI each tier launches from."
  value       = module.compute.ami_ids
}

output "database_endpoint" {
  description = "Grafana database host, or null with sqlite."
  value       = module.database.endpoint
}

output "database_master_secret_arn" {
  description = "Secrets Manager secret with the Grafana database credentials (managed and rotated by RDS), or null."
  value       = module.database.master_secret_arn
}

output "redis_endpoint" {
  description = "Grafana remote cache endpoint (TLS), or null."
  value       = module.database.redis_endpoint
}

output "redis_auth_secret_arn" {
  description = "Secrets Manager secret with the Redis AUTH token, or null."
  value       = module.database.redis_auth_secret_arn
}

output "bake_inputs" {
  description = "Inputs for the bake root (terraform/bake): write them to a tfvars file there."
  value = {
    name          = var.name
    region        = var.region
    vpc_id        = module.networking.vpc_id
    subnet_id     = module.networking.private_subnet_ids[0]
    config_bucket = module.storage.config_bucket_name
    kms_key_arn   = module.security.kms_key_arn
  }
}

output "query_internal_url" {
  description = "URL Grafana's datasource uses with a query tier (http://query.<name>.internal:9090), or null without one."
  value       = module.load_balancing.query_internal_url
}
