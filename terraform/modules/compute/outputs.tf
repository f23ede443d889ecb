output "autoscaling_group_names" {
  description = "Auto Scaling group name by tier."
  value       = { for tier, asg in aws_autoscaling_group.tier : tier => asg.name }
}

output "launch_template_ids" {
  description = "Launch template id by tier."
  value       = { for tier, lt in aws_launch_template.tier : tier => lt.id }
}

output "ami_ids" {
  description = "AMI id each tier launches from."
  value       = { for tier, ami in data.aws_ami.tier : tier => ami.id }
}
