/** Terraform inputs from the topology, and a driver for the terraform / tofu CLI. */
package io.stackgate.terraform;
