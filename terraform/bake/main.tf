# Separate root for the AMI bake, so that the temporary builders never share
# a state (or a plan) with the running stack. Flow: README.md "Baking AMIs".

module "ami_bake" {
  source = "../modules/ami-bake"

  name             = var.name
  images           = var.images
  tier_images      = var.tier_images
  vpc_id           = var.vpc_id
  subnet_id        = var.subnet_id
  config_bucket    = var.config_bucket
  kms_key_arn      = var.kms_key_arn
  instance_type    = var.instance_type
  ami_architecture = var.ami_architecture
  create_amis      = var.create_amis
  tags             = var.tags
}
