# One launch template and one Auto Scaling group per tier. Instances are
# identical within a tier and tagged Stack=<name>, Tier=<tier>: Prometheus EC2
# service discovery and the Ansible aws_ec2 inventory group them by these tags.
# Every instance configures itself at boot from user data (the bootstrap
# contract in templates/user_data.sh.tftpl), so a replaced instance comes back
# the same without anyone running Ansible against it.

locals {
  # Official Debian cloud images account; names look like debian-12-amd64-20240717-1811.
  debian_owner = "136693071363"
  debian_arch  = var.ami_architecture == "arm64" ? "arm64" : "amd64"

  # Launch-before-terminate, one instance at a time: min 100 % keeps every
  # replica serving while the refresh adds one new instance (max > 100 %).
  refresh_max_healthy = {
    for tier, t in var.tiers : tier => min(200, ceil(100 * (t.replicas + 1) / t.replicas))
  }

  # The query tier boots the Prometheus image: bake-prometheus.yml installs thanos for the sidecar.
  ami_tier = { for tier in keys(var.tiers) : tier => tier == "query" ? "prometheus" : tier }

  instance_tags = {
    for tier in keys(var.tiers) : tier => merge(var.tags, {
      Name  = "${var.name}-${tier}"
      Stack = var.name
      Tier  = tier
    })
  }
}

data "aws_ami" "tier" {
  for_each = var.tiers

  most_recent = true
  owners      = var.ami_ids == null ? [local.debian_owner] : ["self", local.debian_owner]

  dynamic "filter" {
    for_each = var.ami_ids == null ? [] : [var.ami_ids[local.ami_tier[each.key]]]

    content {
      name   = "image-id"
      values = [filter.value]
    }
  }

  dynamic "filter" {
    for_each = var.ami_ids == null ? ["debian-12-${local.debian_arch}-*"] : []

    content {
      name   = "name"
      values = [filter.value]
    }
  }

  filter {
    name   = "root-device-type"
    values = ["ebs"]
  }
}

# Nothing boots before the shared config can be mounted and egress works.
resource "terraform_data" "boot_prerequisites" {
  input = var.boot_prerequisite_ids
}

resource "aws_launch_template" "tier" {
  for_each = var.tiers

  name                   = "${var.name}-${each.key}"
  description            = "${var.name} ${each.key} node"
  image_id               = data.aws_ami.tier[each.key].id
  instance_type          = each.value.instance_type
  update_default_version = true
  ebs_optimized          = true

  vpc_security_group_ids = [each.value.security_group_id]

  iam_instance_profile {
    name = each.value.instance_profile_name
  }

  # IMDSv2 only (session tokens), and a hop limit of 1 so that nothing
  # forwarded through the host (a container, a proxy) can reach the instance
  # role's credentials. Instance tags are readable from IMDS (Tier, Stack).
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
    instance_metadata_tags      = "enabled"
  }

  monitoring {
    enabled = true
  }

  block_device_mappings {
    device_name = data.aws_ami.tier[each.key].root_device_name

    ebs {
      volume_type           = "gp3"
      volume_size           = var.root_volume_size_gib
      encrypted             = true
      delete_on_termination = true
    }
  }

  # The Prometheus TSDB lives on local disk, never on EFS/NFS. With
  # storage type "ebs" it gets its own encrypted volume (/dev/sdf, nvme1n1 on
  # Nitro); with "instance" the instance type's instance store is used.
  dynamic "block_device_mappings" {
    for_each = each.key == "prometheus" && var.prometheus_storage.type == "ebs" ? [var.prometheus_storage.size_gib] : []

    content {
      device_name = "/dev/sdf"

      ebs {
        volume_type           = "gp3"
        volume_size           = block_device_mappings.value
        encrypted             = true
        delete_on_termination = true
      }
    }
  }

  user_data = base64encode(templatefile("${path.module}/templates/user_data.sh.tftpl", {
    name          = var.name
    tier          = each.key
    region        = var.region
    config_bucket = var.config_bucket
    config_store  = var.config_store
    efs_id        = var.efs_id
  }))

  tag_specifications {
    resource_type = "instance"
    tags          = local.instance_tags[each.key]
  }

  tag_specifications {
    resource_type = "volume"
    tags          = local.instance_tags[each.key]
  }

  tags = merge(var.tags, { Name = "${var.name}-${each.key}", Tier = each.key })
}

resource "aws_autoscaling_group" "tier" {
  for_each = var.tiers

  name                = "${var.name}-${each.key}"
  vpc_zone_identifier = var.private_subnet_ids

  min_size         = each.value.replicas
  desired_capacity = each.value.replicas
  # One spare slot: instance refresh launches the replacement before it
  # terminates the old instance.
  max_size = each.value.replicas + 1

  launch_template {
    id      = aws_launch_template.tier[each.key].id
    version = aws_launch_template.tier[each.key].latest_version
  }

  # Load-balanced tiers are replaced when the balancer's health check fails
  # (a hung Prometheus still passes EC2 status checks). Alertmanager has no
  # balancer, so EC2 status checks are all there is.
  target_group_arns         = each.value.target_group_arns
  health_check_type         = length(each.value.target_group_arns) > 0 ? "ELB" : "EC2"
  health_check_grace_period = var.health_check_grace_period_seconds
  default_instance_warmup   = var.health_check_grace_period_seconds
  wait_for_capacity_timeout = "20m"

  instance_refresh {
    strategy = "Rolling"

    preferences {
      min_healthy_percentage = 100
      max_healthy_percentage = local.refresh_max_healthy[each.key]
      instance_warmup        = var.health_check_grace_period_seconds
      skip_matching          = true
    }
  }

  # Tags propagate to the instances at launch: Stack and Tier are what
  # Prometheus EC2 discovery and the Ansible aws_ec2 inventory select on.
  dynamic "tag" {
    for_each = local.instance_tags[each.key]

    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = true
    }
  }

  depends_on = [terraform_data.boot_prerequisites]
}
