package io.stackgate.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A terraform plan as {@code terraform show -json} prints it, with assertions in the style of AWS
 * CDK's {@code Template}: count resources of a type, require that all (or any) of them have
 * certain properties, capture values by JSON pointer.
 *
 * <p>"The plan's resources" are the managed resources of {@code resource_changes} that exist after
 * apply (every action but a plain delete), with their planned {@code after} values; data sources
 * are not counted. A value that is known only after apply is absent from the values, and a
 * property match that needs it says so.
 *
 * <p>Every assertion returns this plan (so they chain) or throws an {@link AssertionError} whose
 * message says what was expected and lists what the plan has:
 * <pre>{@code
 * plan.resourceCountIs("aws_lb", 2)
 *     .allResourcesOfType("aws_launch_template").match(Map.of("metadata_options", List.of(Map.of("http_tokens", "required"))))
 *     .anyResourceOfType("aws_lb").match(Map.of("internal", true));
 * }</pre>
 *
 * <p>Why one file over 300 lines: it is the plan assertion API (count, all/any with properties,
 * capture) — each assertion a short method with the failure message it owes; they share one parsed
 * plan.
 */
public final class Plan {
    private final JsonNode root;
    private final List<Resource> resources;
    private final Map<String, Object> variables;

    private Plan(JsonNode root) {
        this.root = root;
        List<Resource> list = new ArrayList<>();
        for (JsonNode change : root.path("resource_changes")) {
            if (!"managed".equals(change.path("mode").asText())) {
                continue;
            }
            List<String> actions = new ArrayList<>();
            change.path("change").path("actions").forEach(a -> actions.add(a.asText()));
            if (actions.equals(List.of("delete"))) {
                continue;
            }
            list.add(new Resource(change.path("address").asText(), change.path("module_address").asText(""),
                    change.path("type").asText(), change.path("name").asText(), actions,
                    change.path("change").path("after"), change.path("change").path("after_unknown")));
        }
        list.sort(Comparator.comparing(Resource::address));
        this.resources = List.copyOf(list);
        Map<String, Object> vars = new TreeMap<>();
        root.path("variables").properties().forEach(e -> vars.put(e.getKey(), PlanJson.plain(e.getValue().get("value"))));
        this.variables = Collections.unmodifiableMap(vars);
    }

    /**
     * Parses the output of {@code terraform show -json PLANFILE}.
     *
     * @throws IllegalArgumentException when it is not JSON, or not a plan (no {@code format_version})
     */
    public static Plan parse(String showJson) {
        JsonNode root = PlanJson.tree(showJson);
        if (!root.isObject() || !root.has("format_version")) {
            throw new IllegalArgumentException("not a terraform plan (no format_version): "
                    + PlanJson.abbreviate(showJson));
        }
        return new Plan(root);
    }

    /** {@link #parse} of a file holding {@code show -json} output. */
    public static Plan read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** The version of terraform that made the plan, e.g. {@code 1.9.8}; empty when absent. */
    public String terraformVersion() {
        return root.path("terraform_version").asText("");
    }

    /** The root module's variable values the plan was made with (name → plain Java value), sorted. */
    public Map<String, Object> variables() {
        return variables;
    }

    /** The plan's resources (see the class comment), sorted by address. */
    public List<Resource> resources() {
        return resources;
    }

    /** The plan's resources of one type ({@code aws_lb}), sorted by address; empty when none. */
    public List<Resource> resourcesOfType(String type) {
        return resources.stream().filter(r -> r.type().equals(type)).toList();
    }

    /**
     * Passes when the plan has exactly {@code expected} resources of {@code type}; otherwise fails
     * naming those it has and a count of every type in the plan.
     */
    public Plan resourceCountIs(String type, int expected) {
        List<Resource> found = resourcesOfType(type);
        if (found.size() != expected) {
            throw new AssertionError("Expecting the plan to have " + expected + " " + type + " but it has "
                    + found.size() + (found.isEmpty() ? "" : ": " + addresses(found)) + "\n" + inventory());
        }
        return this;
    }

    /** Assertions that every resource of {@code type} must pass; there must be at least one. */
    public Selection allResourcesOfType(String type) {
        return new Selection(type, true);
    }

    /** Assertions that at least one resource of {@code type} must pass. */
    public Selection anyResourceOfType(String type) {
        return new Selection(type, false);
    }

    /**
     * The value at {@code jsonPointer} ({@code /load_balancer_type}, {@code /tags/Tier},
     * {@code /metadata_options/0/http_tokens}) of each resource of {@code type}, in address order;
     * {@code null} for a resource without it. Fails when the plan has no resource of that type, or
     * none of them has a value there (most likely a wrong pointer: the message lists the keys).
     */
    public List<Object> capture(String type, String jsonPointer) {
        List<Resource> found = resourcesOfType(type);
        if (found.isEmpty()) {
            throw new AssertionError("Expecting to capture " + jsonPointer + " of " + type
                    + " but the plan has no " + type + "\n" + inventory());
        }
        List<Object> values = new ArrayList<>();
        boolean any = false;
        for (Resource r : found) {
            JsonNode n = r.after.at(jsonPointer);
            any |= !n.isMissingNode();
            values.add(PlanJson.plain(n));
        }
        if (!any) {
            throw new AssertionError("Expecting " + type + " resources to have a value at " + jsonPointer
                    + " but none of " + found.size() + " has one; " + found.get(0).address() + " has the keys "
                    + keys(found.get(0).after));
        }
        return Collections.unmodifiableList(values);
    }

    /** The whole {@code show -json} document. */
    public String json() {
        return root.toString();
    }

    @Override
    public String toString() {
        return "Plan[" + resources.size() + " resources; " + inventory() + "]";
    }

    private String inventory() {
        if (resources.isEmpty()) {
            return "The plan has no resources.";
        }
        Map<String, Long> counts = resources.stream()
                .collect(Collectors.groupingBy(Resource::type, TreeMap::new, Collectors.counting()));
        return "Resource types in the plan: " + counts.entrySet().stream()
                .map(e -> e.getKey() + " ×" + e.getValue()).collect(Collectors.joining(", "));
    }

    private static String addresses(List<Resource> rs) {
        return rs.stream().map(Resource::address).collect(Collectors.joining(", ", "[", "]"));
    }

    private static List<String> keys(JsonNode n) {
        List<String> k = new ArrayList<>();
        n.fieldNames().forEachRemaining(k::add);
        return k;
    }

    /** Resources of one type, for {@code match} assertions; see {@link #allResourcesOfType}. */
    public final class Selection {
        private final String type;
        private final boolean all;

        private Selection(String type, boolean all) {
            this.type = type;
            this.all = all;
        }

        /**
         * Passes when every (or any) resource of the type has these properties: a map matches an
         * object that has at least its keys, each matching; a list matches a list of the same
         * length, element by element; numbers compare by value; anything else by equality.
         * Fails listing each resource that does not match and the first difference in it.
         */
        public Plan match(Map<String, ?> properties) {
            Objects.requireNonNull(properties, "properties");
            return check(String.valueOf(properties), r -> mismatch("", properties, r.after, r.afterUnknown));
        }

        /** Passes when every (or any) resource of the type satisfies {@code condition}, described for the message. */
        public Plan match(String description, Predicate<Resource> condition) {
            return check(description, r -> condition.test(r) ? null : "does not satisfy it");
        }

        private Plan check(String expectation, Function<Resource, String> problemOf) {
            List<Resource> found = resourcesOfType(type);
            String expecting = all ? "Expecting every " + type + " in the plan to match " + expectation
                    : "Expecting at least one " + type + " in the plan to match " + expectation;
            if (found.isEmpty()) {
                throw new AssertionError(expecting + "\nbut the plan has no " + type + ".\n" + inventory());
            }
            Map<String, String> problems = new LinkedHashMap<>();
            for (Resource r : found) {
                String p = problemOf.apply(r);
                if (p != null) {
                    problems.put(r.address(), p);
                }
            }
            boolean passed = all ? problems.isEmpty() : problems.size() < found.size();
            if (passed) {
                return Plan.this;
            }
            StringBuilder m = new StringBuilder(expecting).append('\n');
            m.append(all ? "but " + problems.size() + " of " + found.size() + " did not:\n"
                    : "but none of " + found.size() + " did:\n");
            problems.forEach((address, p) -> m.append("  ").append(address).append(": ").append(p).append('\n'));
            m.append("The plan's ").append(type).append(" resources: ").append(addresses(found));
            throw new AssertionError(m.toString());
        }
    }

    /** The first difference between {@code expected} and the planned value, or null when it matches. */
    private static String mismatch(String path, Object expected, JsonNode actual, JsonNode unknown) {
        String where = path.isEmpty() ? "(the resource)" : path;
        boolean absent = actual == null || actual.isMissingNode();
        if (absent && unknown != null && unknown.isBoolean() && unknown.asBoolean()) {
            return where + ": expected " + show(expected) + " but it is known only after apply";
        }
        if (expected instanceof Map<?, ?> map) {
            if (absent || !actual.isObject()) {
                return where + ": expected an object " + show(expected) + " but was " + show(actual);
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                String p = mismatch(path.isEmpty() ? key : path + "." + key, e.getValue(), actual.get(key),
                        unknown == null ? null : unknown.get(key));
                if (p != null) {
                    return p;
                }
            }
            return null;
        }
        if (expected instanceof List<?> list) {
            if (absent || !actual.isArray()) {
                return where + ": expected a list " + show(expected) + " but was " + show(actual);
            }
            if (actual.size() != list.size()) {
                return where + ": expected " + list.size() + " elements " + show(expected) + " but was " + actual.size()
                        + ": " + actual;
            }
            Iterator<JsonNode> it = actual.elements();
            for (int i = 0; i < list.size(); i++) {
                String p = mismatch(path + "[" + i + "]", list.get(i), it.next(), unknown == null ? null : unknown.get(i));
                if (p != null) {
                    return p;
                }
            }
            return null;
        }
        if (expected == null) {
            return absent || actual.isNull() ? null : where + ": expected null but was " + actual;
        }
        if (absent) {
            return where + ": expected " + show(expected) + " but it is absent";
        }
        if (expected instanceof Number n) {
            return actual.isNumber() && new BigDecimal(n.toString()).compareTo(actual.decimalValue()) == 0 ? null
                    : where + ": expected " + n + " but was " + actual;
        }
        Object plain = PlanJson.plain(actual);
        return expected.equals(plain) ? null : where + ": expected " + show(expected) + " but was " + actual;
    }

    private static String show(Object v) {
        if (v == null || (v instanceof JsonNode n && n.isMissingNode())) {
            return "absent";
        }
        return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    }

    /** One planned resource: where it is, what happens to it and its values after apply. */
    public static final class Resource {
        private final String address;
        private final String moduleAddress;
        private final String type;
        private final String name;
        private final List<String> actions;
        private final JsonNode after;
        private final JsonNode afterUnknown;

        private Resource(String address, String moduleAddress, String type, String name, List<String> actions,
                JsonNode after, JsonNode afterUnknown) {
            this.address = address;
            this.moduleAddress = moduleAddress;
            this.type = type;
            this.name = name;
            this.actions = List.copyOf(actions);
            this.after = after;
            this.afterUnknown = afterUnknown;
        }

        /** The full address, e.g. {@code module.lb.aws_lb.public[0]}. */
        public String address() {
            return address;
        }

        /** The module part of the address ({@code module.lb}); empty in the root module. */
        public String moduleAddress() {
            return moduleAddress;
        }

        public String type() {
            return type;
        }

        public String name() {
            return name;
        }

        /** Terraform's actions, e.g. {@code [create]}, {@code [no-op]}, {@code [delete, create]}. */
        public List<String> actions() {
            return actions;
        }

        /** The planned values (plain Java values); attributes known only after apply are absent. */
        @SuppressWarnings("unchecked")
        public Map<String, Object> values() {
            Object v = PlanJson.plain(after);
            return v instanceof Map ? Collections.unmodifiableMap((Map<String, Object>) v) : Map.of();
        }

        /** The planned value at a JSON pointer ({@code /tags/Tier}), or null when absent. */
        public Object value(String jsonPointer) {
            return PlanJson.plain(after.at(jsonPointer));
        }

        /** True when the attribute at the JSON pointer is known only after apply. */
        public boolean knownAfterApply(String jsonPointer) {
            JsonNode n = afterUnknown.at(jsonPointer);
            return n.isBoolean() && n.asBoolean();
        }

        @Override
        public String toString() {
            return address + " " + actions;
        }
    }
}
