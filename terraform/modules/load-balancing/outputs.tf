output "public_lb_dns_name" {
  description = "DNS name of the public load balancer (point the certificate's host name at it), or null."
  value       = one(aws_lb.public[*].dns_name)
}

output "public_lb_zone_id" {
  description = "Route 53 zone id of the public load balancer, for an alias record, or null."
  value       = one(aws_lb.public[*].zone_id)
}

output "internal_lb_dns_name" {
  description = "DNS name of the internal Prometheus load balancer, or null."
  value       = one(aws_lb.internal[*].dns_name)
}

output "prometheus_internal_url" {
  description = "URL Grafana's Prometheus datasource uses (the private DNS alias of the internal load balancer), or null without it."
  value       = local.internal_enabled ? "http://${aws_route53_record.prometheus[0].name}:9090" : null
}

output "query_internal_url" {
  description = "URL Grafana's datasource uses with a query tier (the private DNS alias of the internal load balancer), or null without one."
  value       = local.query_enabled ? "http://${aws_route53_record.query[0].name}:9090" : null
}

output "target_group_arns" {
  description = "Target group ARNs by tier (alertmanager has none by design; query only with a query tier)."
  value = {
    prometheus   = aws_lb_target_group.prometheus[*].arn
    alertmanager = []
    grafana      = aws_lb_target_group.grafana[*].arn
    query        = aws_lb_target_group.query[*].arn
  }
}
