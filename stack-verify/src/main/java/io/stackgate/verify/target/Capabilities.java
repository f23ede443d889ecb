package io.stackgate.verify.target;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one target offers: an immutable map from capability type to its implementation, and for
 * each capability it lacks, the reason (reported as a check's SKIPPED detail).
 */
public final class Capabilities {
    private final String target;
    private final Map<Class<? extends Capability>, Capability> offered;
    private final Map<Class<? extends Capability>, String> missing;

    private Capabilities(String target, Map<Class<? extends Capability>, Capability> offered,
            Map<Class<? extends Capability>, String> missing) {
        this.target = target;
        this.offered = Map.copyOf(offered);
        this.missing = Map.copyOf(missing);
    }

    /** No capabilities yet, for target {@code target} (its name appears in the reasons). */
    public static Capabilities of(String target) {
        return new Capabilities(Objects.requireNonNull(target, "target"), Map.of(), Map.of());
    }

    /** A copy that offers {@code impl} as {@code type} (replacing what was there). */
    public <C extends Capability> Capabilities with(Class<C> type, C impl) {
        Map<Class<? extends Capability>, Capability> o = new LinkedHashMap<>(offered);
        o.put(type, type.cast(Objects.requireNonNull(impl, "impl")));
        Map<Class<? extends Capability>, String> m = new LinkedHashMap<>(missing);
        m.remove(type);
        return new Capabilities(target, o, m);
    }

    /** A copy that lacks {@code type}, for {@code reason}. */
    public Capabilities without(Class<? extends Capability> type, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a missing capability needs a reason (it becomes a SKIPPED detail)");
        }
        Map<Class<? extends Capability>, Capability> o = new LinkedHashMap<>(offered);
        o.remove(type);
        Map<Class<? extends Capability>, String> m = new LinkedHashMap<>(missing);
        m.put(type, reason);
        return new Capabilities(target, o, m);
    }

    public <C extends Capability> Optional<C> find(Class<C> type) {
        return Optional.ofNullable(offered.get(type)).map(type::cast);
    }

    /** The capability, or a {@link MissingCapabilityException} that says why this target lacks it. */
    public <C extends Capability> C require(Class<C> type) {
        return find(type).orElseThrow(() -> new MissingCapabilityException(type, whyMissing(type)));
    }

    /** Why {@code type} is missing (empty when it is offered). */
    public Optional<String> missing(Class<? extends Capability> type) {
        return offered.containsKey(type) ? Optional.empty() : Optional.of(whyMissing(type));
    }

    private String whyMissing(Class<? extends Capability> type) {
        return missing.getOrDefault(type, "the " + target + " target has no " + type.getSimpleName() + " capability");
    }

    /** A check asked for a capability its target does not have. */
    public static final class MissingCapabilityException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Class<? extends Capability> type;

        MissingCapabilityException(Class<? extends Capability> type, String reason) {
            super(reason);
            this.type = type;
        }

        public Class<? extends Capability> type() {
            return type;
        }
    }
}
