package io.stackgate.terraform;

import io.stackgate.runtime.Binaries;
import io.stackgate.runtime.Exec;
import io.stackgate.runtime.ExecFailedException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs the static gates that live next to the modules in a stackgate repository
 * ({@code terraform/tests/}), from Java. They are not in the jar, so this needs a checkout.
 *
 * <p>Python is chosen as {@code terraform/tests/run-gates.sh} does it: the repository's
 * {@code .tools/venv-hcl/bin/python} (python-hcl2 {@value #HCL2_VERSION}) when it exists, else
 * {@code python3} on the PATH. Each gate reports {@link Status#PASSED PASSED}, {@link Status#FAILED
 * FAILED} (with the gate's problem lines) or {@link Status#SKIPPED SKIPPED} (with the reason: no
 * python, or python-hcl2 not installed) — never PASSED for a gate that did not run.
 */
public final class TerraformGates {
    /** The python-hcl2 version run-gates.sh pins. */
    public static final String HCL2_VERSION = "8.1.4";
    private static final Duration GATE_TIMEOUT = Duration.ofMinutes(5);
    private static final String NOT_INSTALLED = "python-hcl2 is not installed";

    /** How a gate ended. */
    public enum Status { PASSED, FAILED, SKIPPED }

    /**
     * A gate's outcome: status, a one-line reason, the gate's problem lines (for {@code hcl_gate}:
     * each {@code FAIL} line), its output, command and exit code (-1 when it did not run).
     */
    public record GateResult(String gate, Status status, String reason, List<String> problems, String output,
            List<String> command, int exitCode) {
        public GateResult {
            problems = List.copyOf(problems);
            command = List.copyOf(command);
        }

        @Override
        public String toString() {
            return gate + " " + status + ": " + reason + (problems.isEmpty() ? "" : "\n  " + String.join("\n  ", problems))
                    + (status == Status.PASSED ? "" : "\n--- output ---\n" + output + "\n--- command: "
                    + String.join(" ", command) + " (exit " + exitCode + ")");
        }
    }

    private final Path repository;

    private TerraformGates(Path repository) {
        this.repository = repository;
    }

    /**
     * The gates of the repository checked out at {@code repositoryRoot}.
     *
     * @throws IllegalArgumentException when it has no {@code terraform/tests/hcl_gate.py}
     */
    public static TerraformGates forRepository(Path repositoryRoot) {
        Path root = repositoryRoot.toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("terraform/tests/hcl_gate.py"))) {
            throw new IllegalArgumentException(root + " is not a stackgate checkout: terraform/tests/hcl_gate.py is missing");
        }
        return new TerraformGates(root);
    }

    /** {@code <repository>/.tools/venv-hcl}, where run-gates.sh keeps python-hcl2. */
    public Path hclVenv() {
        return repository.resolve(".tools/venv-hcl");
    }

    /** The python the gates run with: the venv's when it exists, else python3 on the PATH. */
    public Optional<Path> python() {
        Path venvPython = hclVenv().resolve("bin/python");
        if (Files.isExecutable(venvPython)) {
            return Optional.of(venvPython);
        }
        return new Binaries().find("python3");
    }

    /**
     * {@code hcl_gate.py TFVARS...}: every {@code .tf} parses, module wiring holds, and each tfvars
     * file has exactly the root module's variables with values shaped like their types (each key
     * declared, each required variable present, object attributes and scalar types right).
     * PASSED on exit 0; FAILED with the gate's {@code FAIL} lines otherwise; SKIPPED when there is
     * no python or python-hcl2 is not installed ({@link #installHclTools()} installs it).
     */
    public GateResult hcl(List<Path> tfvarsFiles) {
        if (tfvarsFiles.isEmpty()) {
            throw new IllegalArgumentException("give at least one tfvars file (hcl_gate.py would check its own fixture)");
        }
        List<String> args = new ArrayList<>();
        args.add(repository.resolve("terraform/tests/hcl_gate.py").toString());
        tfvarsFiles.forEach(f -> args.add(f.toAbsolutePath().toString()));
        return runGate("hcl_gate", args);
    }

    /** {@code hcl_gate.py --self-test}: the gate rejects its known-bad inputs. */
    public GateResult hclSelfTest() {
        return runGate("hcl_gate --self-test",
                List.of(repository.resolve("terraform/tests/hcl_gate.py").toString(), "--self-test"));
    }

    /**
     * Makes sure {@link #hclVenv()} has python-hcl2 {@value #HCL2_VERSION}, as run-gates.sh's
     * {@code ensure_venv} does: creates the venv with {@code python3 -m venv} and pip-installs the
     * pinned version when missing (needs the Python package index). Holds a file lock meanwhile, so
     * concurrent callers do not build the venv twice. PASSED when the venv is (now) usable, FAILED
     * with pip's or venv's output otherwise, SKIPPED without python3.
     */
    public GateResult installHclTools() {
        Path venv = hclVenv();
        Path venvPython = venv.resolve("bin/python");
        List<String> check = List.of(venvPython.toString(), "-c",
                "import importlib.metadata as m, sys; sys.exit(m.version('python-hcl2') != '" + HCL2_VERSION + "')");
        try {
            Files.createDirectories(venv.getParent());
            try (FileChannel ch = FileChannel.open(venv.getParent().resolve("venv-hcl.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                ch.lock(); // released when the channel closes
                if (Files.isExecutable(venvPython) && exec("check", check, 0, 1).exitCode() == 0) {
                    return new GateResult("install-hcl-tools", Status.PASSED, "python-hcl2 " + HCL2_VERSION
                            + " already in " + venv, List.of(), "", check, 0);
                }
                Optional<Path> python3 = new Binaries().find("python3");
                if (python3.isEmpty()) {
                    return new GateResult("install-hcl-tools", Status.SKIPPED, "no python3 on the PATH ("
                            + System.getenv("PATH") + "): install python3 and python3-venv", List.of(), "", List.of(), -1);
                }
                if (!Files.isExecutable(venvPython)) {
                    exec("python3 -m venv", List.of(python3.get().toString(), "-m", "venv", venv.toString()), 0);
                }
                Terraform.Result pip = exec("pip install", List.of(venvPython.toString(), "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check", "python-hcl2==" + HCL2_VERSION), 0);
                return new GateResult("install-hcl-tools", Status.PASSED, "installed python-hcl2 " + HCL2_VERSION + " into "
                        + venv, List.of(), pip.output(), pip.command(), 0);
            }
        } catch (TerraformException e) {
            return new GateResult("install-hcl-tools", Status.FAILED, e.getMessage(), List.of(), e.output(), e.command(),
                    e.exitCode());
        } catch (IOException e) {
            return new GateResult("install-hcl-tools", Status.FAILED, "cannot create " + venv + ": " + e, List.of(), "",
                    List.of(), -1);
        }
    }

    private GateResult runGate(String gate, List<String> args) {
        Optional<Path> python = python();
        if (python.isEmpty()) {
            return new GateResult(gate, Status.SKIPPED, "no python: neither " + hclVenv().resolve("bin/python")
                    + " nor python3 on the PATH (" + System.getenv("PATH") + "); run terraform/tests/run-gates.sh or "
                    + "install python3", List.of(), "", List.of(), -1);
        }
        List<String> command = new ArrayList<>();
        command.add(python.get().toString());
        command.addAll(args);
        Terraform.Result r;
        try {
            r = exec(gate, command, 0, 1);
        } catch (TerraformException e) {
            return new GateResult(gate, Status.FAILED, e.getMessage(), List.of(), e.output(), e.command(), e.exitCode());
        }
        String output = r.output();
        if (r.exitCode() != 0 && output.contains(NOT_INSTALLED)) {
            return new GateResult(gate, Status.SKIPPED, NOT_INSTALLED + " for " + python.get()
                    + "; TerraformGates.installHclTools() or terraform/tests/run-gates.sh installs it into " + hclVenv(),
                    List.of(), output, r.command(), r.exitCode());
        }
        List<String> problems = output.lines().filter(l -> l.startsWith("hcl_gate: FAIL ") || l.contains(": FAIL "))
                .map(String::strip).toList();
        String summary = output.lines().filter(l -> l.startsWith("hcl_gate:") && !l.contains("FAIL"))
                .reduce((a, b) -> b).orElse("exit " + r.exitCode());
        if (r.exitCode() == 0) {
            return new GateResult(gate, Status.PASSED, summary, problems, output, r.command(), 0);
        }
        return new GateResult(gate, Status.FAILED, summary, problems, output, r.command(), r.exitCode());
    }

    private Terraform.Result exec(String what, List<String> command, Integer... exitCodes) throws TerraformException {
        try {
            return Terraform.Result.of(Exec.of(command).named(what).in(repository).timeout(GATE_TIMEOUT).separateStderr()
                    .allowExitCodes(exitCodes).run());
        } catch (ExecFailedException e) {
            throw new TerraformException(e);
        }
    }
}
