provider "aws" {
  region = var.region

  default_tags {
    tags = merge(var.tags, { Stack = var.name, ManagedBy = "stackgate-bake" })
  }
}
