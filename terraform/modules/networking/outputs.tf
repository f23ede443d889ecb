output "vpc_id" {
  description = "VPC id."
  value       = aws_vpc.this.id
}

output "vpc_cidr" {
  description = "VPC IPv4 CIDR."
  value       = aws_vpc.this.cidr_block
}

output "public_subnet_ids" {
  description = "Public subnet ids, in availability_zones order."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "Private subnet ids, in availability_zones order."
  value       = aws_subnet.private[*].id
}

output "nat_gateway_public_ips" {
  description = "Public IPs the nodes' outbound traffic comes from (for receivers' allow-lists)."
  value       = aws_eip.nat[*].public_ip
}

output "private_route_ids" {
  description = "Default routes of the private subnets (through NAT); nodes need them to install packages at boot."
  value       = aws_route.private_nat[*].id
}
