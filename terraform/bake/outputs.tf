output "ami_ids" {
  description = "Baked AMI per tier: pass as the main stack's ami_ids."
  value       = module.ami_bake.ami_ids
}

output "builder_instance_ids" {
  description = "Builder instances to destroy once the AMIs exist."
  value       = module.ami_bake.builder_instance_ids
}
