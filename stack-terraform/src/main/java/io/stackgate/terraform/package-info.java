/**
 * Terraform for a stackgate topology: generate its inputs, run the CLI, check the plan.
 *
 * <ul>
 *   <li>{@link io.stackgate.terraform.TfvarsGenerator} — the topology as
 *       {@code terraform/stack.auto.tfvars.json}: exactly the root module's required variables,
 *       deterministic, never a secret.</li>
 *   <li>{@link io.stackgate.terraform.Modules} — the static modules shipped in this jar, extracted
 *       to a directory; {@link io.stackgate.terraform.Workspace} — a private copy of them with its
 *       own {@code TF_DATA_DIR} and plugin cache, so runs can go in parallel.</li>
 *   <li>{@link io.stackgate.terraform.Terraform} — the terraform / tofu CLI: {@code init},
 *       {@code validate}, {@code plan}, {@code apply}, {@code output}, {@code destroy}, each as a
 *       test-failing {@code plan()} and a checked {@code tryPlan()}, all through one runner whose
 *       {@link io.stackgate.runtime.RetryPolicy} retries known transient errors only.</li>
 *   <li>{@link io.stackgate.terraform.Plan} — assertions over {@code show -json}, CDK style.</li>
 *   <li>{@link io.stackgate.terraform.TerraformGates} — the repository's Python gates
 *       ({@code terraform/tests/hcl_gate.py}) from Java, PASSED / FAILED / SKIPPED with a reason.</li>
 * </ul>
 */
package io.stackgate.terraform;
