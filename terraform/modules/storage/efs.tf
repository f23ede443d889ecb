# EFS holds the one shared config bundle when prometheus.config_store is
# "efs" (nodes mount it at /mnt/stackgate). It never holds a TSDB or a
# Grafana sqlite file: both break on NFS.

resource "aws_efs_file_system" "config" {
  creation_token   = "${var.name}-config"
  encrypted        = true
  kms_key_id       = var.kms_key_arn
  performance_mode = "generalPurpose"
  # A config bundle is small and read in bursts at boot: pay per use.
  throughput_mode = "elastic"

  tags = merge(var.tags, { Name = "${var.name}-config" })
}

resource "aws_efs_backup_policy" "config" {
  file_system_id = aws_efs_file_system.config.id

  backup_policy {
    status = "ENABLED"
  }
}

# One mount target per AZ so a node mounts in its own zone and an AZ
# outage does not take the config away from the other zones.
resource "aws_efs_mount_target" "config" {
  count = length(var.private_subnet_ids)

  file_system_id  = aws_efs_file_system.config.id
  subnet_id       = var.private_subnet_ids[count.index]
  security_groups = [var.efs_security_group_id]
}

# One access point per tier, rooted at /<tier>. The bootstrap contract mounts
# the file system root with the kernel NFS client (Debian has no
# amazon-efs-utils package); the access points are there for mounts through
# the EFS mount helper (mount -t efs -o tls,accesspoint=...), which confine a
# tier to its own directory.
resource "aws_efs_access_point" "tier" {
  for_each = toset(local.tiers)

  file_system_id = aws_efs_file_system.config.id

  # The bootstrap runs as root and writes world-readable config files; the
  # daemons (prometheus, alertmanager, grafana users) only read them.
  posix_user {
    uid = 0
    gid = 0
  }

  root_directory {
    path = "/${each.key}"

    creation_info {
      owner_uid   = 0
      owner_gid   = 0
      permissions = "0755"
    }
  }

  tags = merge(var.tags, { Name = "${var.name}-${each.key}", Tier = each.key })
}
