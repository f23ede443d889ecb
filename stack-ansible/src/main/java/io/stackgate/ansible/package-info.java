/**
 * Ansible for a stackgate topology: generate its inputs, run ansible-playbook, read the results.
 *
 * <ul>
 *   <li>{@link io.stackgate.ansible.AnsibleInputs} — the topology as {@code ansible/inventory/aws_ec2.yml},
 *       {@code ansible/group_vars/all.yml} and {@code ansible/inventory/local.yml}: deterministic, only
 *       variables the roles read, never a secret.</li>
 *   <li>{@link io.stackgate.ansible.AnsibleTree} — the static roles and playbooks shipped in this jar,
 *       extracted to a directory.</li>
 *   <li>{@link io.stackgate.ansible.AnsiblePlaybook} — ansible-playbook: {@code syntaxCheck},
 *       {@code check} ({@code --check --diff}) and {@code run}, each as a test-failing {@code run()} and
 *       a checked {@code tryRun()}, all through one runner whose {@link io.stackgate.runtime.RetryPolicy}
 *       retries known transient errors only.</li>
 *   <li>{@link io.stackgate.ansible.PlaybookResult} — per-host recap and per-task outcomes of a run.</li>
 * </ul>
 */
package io.stackgate.ansible;
