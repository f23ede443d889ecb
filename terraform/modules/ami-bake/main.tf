# AMI bake, the seed's flow made repeatable: a temporary builder instance per
# image runs that image's Ansible bake playbook from its user data and powers
# itself off; Terraform waits for the stop, makes an AMI from the stopped instance
# (a consistent snapshot), and the builder is destroyed afterwards. See
# terraform/README.md "Baking AMIs" for the exact commands, including how the
# AMIs outlive the builders.

data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  debian_owner = "136693071363"
  debian_arch  = var.ami_architecture == "arm64" ? "arm64" : "amd64"
}

data "aws_ami" "debian12" {
  most_recent = true
  owners      = [local.debian_owner]

  filter {
    name   = "name"
    values = ["debian-12-${local.debian_arch}-*"]
  }

  filter {
    name   = "root-device-type"
    values = ["ebs"]
  }
}

# ---------------------------------------------------------------------------
# builder identity: read the Ansible tree, nothing else
# ---------------------------------------------------------------------------

data "aws_iam_policy_document" "assume_ec2" {
  statement {
    sid     = "Ec2AssumesBuilderRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "builder" {
  statement {
    sid       = "ListAnsibleTree"
    actions   = ["s3:ListBucket"]
    resources = ["arn:${data.aws_partition.current.partition}:s3:::${var.config_bucket}"]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["ansible", "ansible/*"]
    }
  }

  statement {
    sid       = "ReadAnsibleTree"
    actions   = ["s3:GetObject"]
    resources = ["arn:${data.aws_partition.current.partition}:s3:::${var.config_bucket}/ansible/*"]
  }

  statement {
    sid       = "DecryptAnsibleTree"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]
  }
}

resource "aws_iam_role" "builder" {
  name               = "${var.name}-ami-builder"
  description        = "${var.name}: temporary AMI builder instances"
  assume_role_policy = data.aws_iam_policy_document.assume_ec2.json

  tags = merge(var.tags, { Name = "${var.name}-ami-builder" })
}

resource "aws_iam_role_policy" "builder" {
  name   = "${var.name}-ami-builder"
  role   = aws_iam_role.builder.id
  policy = data.aws_iam_policy_document.builder.json
}

resource "aws_iam_instance_profile" "builder" {
  name = "${var.name}-ami-builder"
  role = aws_iam_role.builder.name

  tags = merge(var.tags, { Name = "${var.name}-ami-builder" })
}

# No ingress at all: the builder configures itself; egress only for
# packages (80) and S3 / AWS APIs (443).
resource "aws_security_group" "builder" {
  name        = "${var.name}-ami-builder"
  description = "Temporary AMI builders: no ingress, package and AWS API egress only"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-ami-builder" })
}

resource "aws_vpc_security_group_egress_rule" "builder" {
  for_each = { https = 443, http = 80 }

  security_group_id = aws_security_group.builder.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = each.value
  to_port           = each.value
  description       = each.key == "https" ? "HTTPS out via NAT: S3 and AWS APIs" : "HTTP out via NAT: Debian package mirrors"

  tags = merge(var.tags, { Name = "${var.name}-ami-builder-${each.key}-out" })
}

# ---------------------------------------------------------------------------
# builders, wait for power-off, AMIs
# ---------------------------------------------------------------------------

resource "aws_instance" "builder" {
  for_each = var.images

  ami                         = data.aws_ami.debian12.id
  instance_type               = var.instance_type
  subnet_id                   = var.subnet_id
  vpc_security_group_ids      = [aws_security_group.builder.id]
  iam_instance_profile        = aws_iam_instance_profile.builder.name
  associate_public_ip_address = false
  ebs_optimized               = true
  monitoring                  = true

  # The bake script ends with a power-off; "stop" keeps the disk for the AMI.
  instance_initiated_shutdown_behavior = "stop"

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  root_block_device {
    volume_type           = "gp3"
    volume_size           = var.root_volume_size_gib
    encrypted             = true
    delete_on_termination = true
  }

  user_data = templatefile("${path.module}/templates/bake_user_data.sh.tftpl", {
    name          = var.name
    image         = each.key
    region        = data.aws_region.current.name
    config_bucket = var.config_bucket
    bake_playbook = each.value
  })

  tags = merge(var.tags, {
    Name  = "${var.name}-ami-builder-${each.key}"
    Stack = var.name
    # Not a stack tier: Prometheus discovery and the inventory must ignore builders.
    Tier = "ami-builder"
  })

  # The AMI is made from the disk as the playbook left it; later AMI or
  # user-data drift must not silently rebuild a builder.
  lifecycle {
    ignore_changes = [ami, user_data]
  }
}

# Terraform has no "wait until stopped" for an instance it did not stop,
# so poll with the AWS CLI of the machine running terraform.
resource "terraform_data" "builder_stopped" {
  for_each = var.create_amis ? var.images : {}

  triggers_replace = [aws_instance.builder[each.key].id]

  provisioner "local-exec" {
    interpreter = ["/bin/bash", "-c"]
    command     = <<-EOT
      set -euo pipefail
      deadline=$(( $(date +%s) + ${var.stop_timeout_minutes} * 60 ))
      while :; do
        state=$(aws ec2 describe-instances --region ${data.aws_region.current.name} \
          --instance-ids ${aws_instance.builder[each.key].id} \
          --query 'Reservations[0].Instances[0].State.Name' --output text)
        if [ "$state" = "stopped" ]; then
          exit 0
        fi
        if [ "$(date +%s)" -ge "$deadline" ]; then
          echo "builder ${aws_instance.builder[each.key].id} (${each.key}) still '$state' after ${var.stop_timeout_minutes} min: the bake playbook failed or is slow; read 'aws ec2 get-console-output --instance-id ${aws_instance.builder[each.key].id}'" >&2
          exit 1
        fi
        sleep 20
      done
    EOT
  }
}

resource "aws_ami_from_instance" "image" {
  for_each = var.create_amis ? var.images : {}

  name               = "${var.name}-${each.key}-${aws_instance.builder[each.key].id}"
  description        = "${var.name} ${each.key} image (${each.value}), baked by stackgate from ${data.aws_ami.debian12.name}"
  source_instance_id = aws_instance.builder[each.key].id

  tags = merge(var.tags, {
    Name  = "${var.name}-${each.key}"
    Stack = var.name
    Image = each.key
  })

  depends_on = [terraform_data.builder_stopped]
}
