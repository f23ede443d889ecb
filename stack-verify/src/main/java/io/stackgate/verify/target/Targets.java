package io.stackgate.verify.target;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The target registry: every {@link TargetProvider} on the class path, by name. */
public final class Targets {
    private Targets() {
    }

    /** Every provider, sorted by name. */
    public static List<TargetProvider> all() {
        TreeMap<String, TargetProvider> byName = new TreeMap<>();
        for (TargetProvider p : ServiceLoader.load(TargetProvider.class, Targets.class.getClassLoader())) {
            byName.putIfAbsent(p.name(), p);
        }
        return List.copyOf(byName.values());
    }

    public static Optional<TargetProvider> find(String name) {
        return all().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The provider named {@code name}, or an {@link IllegalArgumentException} that lists the known ones. */
    public static TargetProvider require(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown target " + name + "; known targets: "
                + all().stream().map(p -> p.name() + " (" + p.description() + ")").collect(Collectors.joining(", "))));
    }
}
