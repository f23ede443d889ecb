output "experiment_template_ids" {
  description = "Experiment name (the file's name without .json) -> FIS experiment template id: `aws fis start-experiment --experiment-template-id ID`."
  value       = { for name, t in aws_fis_experiment_template.this : name => t.id }
}

output "role_arn" {
  description = "The role the experiments run as."
  value       = local.role_arn
}
