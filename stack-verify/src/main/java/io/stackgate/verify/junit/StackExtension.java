package io.stackgate.verify.junit;

import io.stackgate.model.Topology;
import io.stackgate.model.load.TopologyLoadException;
import io.stackgate.model.load.TopologyLoader;
import io.stackgate.model.validate.Finding;
import io.stackgate.model.validate.Validator;
import io.stackgate.verify.check.Gate;
import io.stackgate.verify.check.Verifier;
import io.stackgate.verify.result.Report;
import io.stackgate.verify.target.Target;
import io.stackgate.verify.target.TargetOptions;
import io.stackgate.verify.target.Targets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * One running target per test class (the local replica unless {@code target} names another one from
 * the {@link Targets} registry): started before the first test, stored in this extension's
 * namespace as an {@link AutoCloseable} (JUnit closes it after the last test, even when tests fail),
 * and resolved as a parameter by type ({@link Target} or the target's own class). Use it through {@link StackTest} or register it:
 *
 * <pre>
 * &#64;RegisterExtension
 * static StackExtension stack = StackExtension.forTopology("examples/seed-2az.yaml");
 * </pre>
 */
public final class StackExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StackExtension.class);
    private static final String KEY = "environment";

    private final String topologyFile;
    private final boolean allowFindings;
    private final String targetName;
    private final Gate gate;
    private Target started;

    /** Used by {@link StackTest}: reads the file and the target from the annotation. */
    public StackExtension() {
        this(null, false, "local", new Gate(List.of(), false));
    }

    private StackExtension(String topologyFile, boolean allowFindings, String targetName, Gate gate) {
        this.topologyFile = topologyFile;
        this.allowFindings = allowFindings;
        this.targetName = targetName;
        this.gate = gate;
    }

    /** For {@code @RegisterExtension}: the local replica of {@code file}. */
    public static StackExtension forTopology(String file) {
        return new StackExtension(file, false, "local", new Gate(List.of(), false));
    }

    /** Like {@link #forTopology(String)} but starts a topology with ERROR findings too. */
    public static StackExtension forTopologyAllowingFindings(String file) {
        return new StackExtension(file, true, "local", new Gate(List.of(), false));
    }

    /** The same stack on another registered target ({@code emulated}, a team's own, …). */
    public StackExtension onTarget(String name) {
        return new StackExtension(topologyFile, allowFindings, name, gate);
    }

    /**
     * Before the tests, these built-in checks must PASS ({@code strict}: every one); FAILED or SKIPPED
     * fails the class (see {@link StackTest#require()}).
     */
    public StackExtension requiring(boolean strict, String... checks) {
        return new StackExtension(topologyFile, allowFindings, targetName, gateOf(List.of(checks), strict));
    }

    private static Gate gateOf(List<String> checks, boolean strict) {
        try {
            return Gate.of(checks, strict, Verifier.builtIn());
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(e.getMessage(), e);
        }
    }

    /** The running target (after the extension's beforeAll). */
    public Target target() {
        if (started == null) {
            throw new IllegalStateException("the stack is not started yet: use it in or after @BeforeAll");
        }
        return started;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        String file = topologyFile;
        boolean allow = allowFindings;
        String on = targetName;
        Gate required = gate;
        if (file == null) {
            StackTest annotation = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), StackTest.class)
                    .orElseThrow(() -> new ExtensionConfigurationException("StackExtension needs @StackTest(\"file\") "
                            + "on " + context.getRequiredTestClass().getName() + " or StackExtension.forTopology(file)"));
            file = annotation.value();
            allow = annotation.allowFindings();
            on = annotation.target();
            required = gateOf(List.of(annotation.require()), annotation.strict());
        }
        Topology topology = load(file);
        List<Finding> findings = Validator.withDiscoveredRules().validate(topology);
        if (Validator.hasErrors(findings) && !allow) {
            throw new ExtensionConfigurationException(file + " has ERROR findings "
                    + findings.stream().filter(Finding::isError).map(Finding::code).toList()
                    + "; fix them or use allowFindings to start it anyway");
        }
        String name = on;
        Target target;
        try {
            target = Targets.require(name).start(topology, TargetOptions.defaults());
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(e.getMessage(), e);
        }
        context.getStore(NAMESPACE).put(KEY, target);
        started = target;
        if (required.demanding()) {
            Report report = new Verifier(Verifier.builtIn()).run(target, file, Instant.now(), 0, new Verifier.Listener() {
            });
            List<String> unmet = required.unmet(report);
            if (!unmet.isEmpty()) {
                throw new AssertionError("Expecting the " + topology.name() + " stack on the " + target.name()
                        + " target to pass its required checks but:\n  " + String.join("\n  ", unmet));
            }
        }
    }

    static Topology load(String file) {
        Path path = resolve(file).orElseThrow(() -> new ExtensionConfigurationException("topology file " + file
                + " not found in " + Path.of("").toAbsolutePath() + " or its parents"));
        try {
            return new TopologyLoader().load(path);
        } catch (TopologyLoadException e) {
            throw new ExtensionConfigurationException(e.getMessage(), e);
        }
    }

    static Optional<Path> resolve(String file) {
        Path p = Path.of(file);
        if (p.isAbsolute()) {
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(file))) {
                return Optional.of(dir.resolve(file));
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return Target.class.isAssignableFrom(type);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Target target = context.getStore(NAMESPACE).get(KEY, Target.class);
        if (target == null) {
            throw new ParameterResolutionException("no stack started for " + context.getDisplayName());
        }
        Class<?> type = parameter.getParameter().getType();
        if (!type.isInstance(target)) {
            throw new ParameterResolutionException("the " + target.name() + " target is a "
                    + target.getClass().getSimpleName() + ", not a " + type.getSimpleName());
        }
        return target;
    }
}
