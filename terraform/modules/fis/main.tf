# AWS FIS experiment templates for the experiments of `stackgate chaos`, created from the files
# `stackgate generate` writes into DIR/chaos: one source of truth for what each experiment does.
# The role and the stop condition come from this module's variables, not from the files.

locals {
  templates = {
    for file in fileset(var.templates_dir, "*.json") :
    trimsuffix(file, ".json") => jsondecode(file("${var.templates_dir}/${file}"))
  }
  role_arn = var.role_arn != null ? var.role_arn : aws_iam_role.fis[0].arn
}

resource "aws_fis_experiment_template" "this" {
  for_each = local.templates

  description = each.value.description
  role_arn    = local.role_arn

  dynamic "stop_condition" {
    for_each = var.stop_alarm_arn != null ? [{ source = "aws:cloudwatch:alarm", value = var.stop_alarm_arn }] : each.value.stopConditions
    content {
      source = stop_condition.value.source
      value  = lookup(stop_condition.value, "value", null)
    }
  }

  dynamic "target" {
    for_each = each.value.targets
    content {
      name           = target.key
      resource_type  = target.value.resourceType
      selection_mode = target.value.selectionMode

      dynamic "resource_tag" {
        for_each = lookup(target.value, "resourceTags", {})
        content {
          key   = resource_tag.key
          value = resource_tag.value
        }
      }

      dynamic "filter" {
        for_each = lookup(target.value, "filters", [])
        content {
          path   = filter.value.path
          values = filter.value.values
        }
      }
    }
  }

  dynamic "action" {
    for_each = each.value.actions
    content {
      name        = action.key
      action_id   = action.value.actionId
      description = lookup(action.value, "description", null)

      dynamic "parameter" {
        for_each = lookup(action.value, "parameters", {})
        content {
          key   = parameter.key
          value = parameter.value
        }
      }

      dynamic "target" {
        for_each = lookup(action.value, "targets", {})
        content {
          key   = target.key
          value = target.value
        }
      }
    }
  }

  experiment_options {
    account_targeting            = each.value.experimentOptions.accountTargeting
    empty_target_resolution_mode = each.value.experimentOptions.emptyTargetResolutionMode
  }

  tags = merge(var.tags, each.value.tags)
}
