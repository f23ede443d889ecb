terraform {
  # 1.9 is the first release whose variable validations may refer to other
  # variables (availability_zones is checked against region).
  required_version = ">= 1.9.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.x: instance_refresh max_healthy_percentage, manage_master_user_password,
      # aws_vpc_security_group_*_rule and the split aws_s3_bucket_* resources.
      version = ">= 5.70.0, < 6.0.0"
    }
    random = {
      source  = "hashicorp/random"
      version = ">= 3.6.0, < 4.0.0"
    }
  }
}
