output "ami_ids" {
  description = "Baked AMI id by tier, the shape of the main stack's ami_ids (empty until create_amis is true)."
  value = var.create_amis ? {
    for tier, image in var.tier_images : tier => aws_ami_from_instance.image[image].id
  } : {}
}

output "builder_instance_ids" {
  description = "Temporary builder instance id by image (destroy them after baking)."
  value       = { for image, i in aws_instance.builder : image => i.id }
}
