package io.stackgate.verify.junit;

import io.stackgate.model.Topology;
import io.stackgate.model.load.TopologyLoadException;
import io.stackgate.model.load.TopologyLoader;
import io.stackgate.model.validate.Finding;
import io.stackgate.model.validate.Validator;
import io.stackgate.verify.env.Environment;
import io.stackgate.verify.env.LocalEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * One local replica per test class: started before the first test, stored in this extension's
 * namespace as an {@link AutoCloseable} (JUnit closes it after the last test, even when tests fail),
 * and resolved as a parameter by type. Use it through {@link StackTest} or register it:
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
    private LocalEnvironment started;

    /** Used by {@link StackTest}: reads the file from the annotation. */
    public StackExtension() {
        this(null, false);
    }

    private StackExtension(String topologyFile, boolean allowFindings) {
        this.topologyFile = topologyFile;
        this.allowFindings = allowFindings;
    }

    /** For {@code @RegisterExtension}: the replica of {@code file}. */
    public static StackExtension forTopology(String file) {
        return new StackExtension(file, false);
    }

    /** Like {@link #forTopology(String)} but starts a topology with ERROR findings too. */
    public static StackExtension forTopologyAllowingFindings(String file) {
        return new StackExtension(file, true);
    }

    /** The running environment (after the extension's beforeAll). */
    public LocalEnvironment environment() {
        if (started == null) {
            throw new IllegalStateException("the stack is not started yet: use it in or after @BeforeAll");
        }
        return started;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        String file = topologyFile;
        boolean allow = allowFindings;
        if (file == null) {
            StackTest annotation = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), StackTest.class)
                    .orElseThrow(() -> new ExtensionConfigurationException("StackExtension needs @StackTest(\"file\") "
                            + "on " + context.getRequiredTestClass().getName() + " or StackExtension.forTopology(file)"));
            file = annotation.value();
            allow = annotation.allowFindings();
        }
        Topology topology = load(file);
        List<Finding> findings = Validator.withDiscoveredRules().validate(topology);
        if (Validator.hasErrors(findings) && !allow) {
            throw new ExtensionConfigurationException(file + " has ERROR findings "
                    + findings.stream().filter(Finding::isError).map(Finding::code).toList()
                    + "; fix them or use allowFindings to start it anyway");
        }
        LocalEnvironment env = LocalEnvironment.start(topology);
        context.getStore(NAMESPACE).put(KEY, env);
        started = env;
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
        return type == Environment.class || type == LocalEnvironment.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LocalEnvironment env = context.getStore(NAMESPACE).get(KEY, LocalEnvironment.class);
        if (env == null) {
            throw new ParameterResolutionException("no stack started for " + context.getDisplayName());
        }
        return env;
    }
}
