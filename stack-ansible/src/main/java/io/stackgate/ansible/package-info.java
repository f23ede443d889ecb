/** Ansible inventory and variables from the topology, and a driver for ansible-playbook. */
package io.stackgate.ansible;
