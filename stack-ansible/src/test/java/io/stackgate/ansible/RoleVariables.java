package io.stackgate.ansible;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the roles of an Ansible tree read: the variables their {@code defaults/main.yml} declare,
 * and the text of every role file and playbook with the definitions' own key names taken out, so
 * that a variable counts as read only when something other than its definition names it.
 */
final class RoleVariables {
    private static final Pattern TOP_LEVEL_KEY = Pattern.compile("(?m)^[A-Za-z_][A-Za-z0-9_]*:");

    private final Set<String> declared;
    private final String readers;

    private RoleVariables(Set<String> declared, String readers) {
        this.declared = declared;
        this.readers = readers;
    }

    static RoleVariables of(Path ansibleDir) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Set<String> declared = new TreeSet<>();
        StringBuilder readers = new StringBuilder();
        try (Stream<Path> walk = Files.walk(ansibleDir)) {
            List<Path> files = walk.filter(Files::isRegularFile)
                    .filter(p -> !ansibleDir.relativize(p).startsWith("tests"))
                    .filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".j2")).sorted().toList();
            for (Path f : files) {
                String text = Files.readString(f);
                Path rel = ansibleDir.relativize(f);
                boolean definitions = rel.startsWith("roles") && rel.getNameCount() == 4
                        && (rel.getName(2).toString().equals("defaults") || rel.getName(2).toString().equals("vars"));
                if (definitions && rel.getName(2).toString().equals("defaults")) {
                    Map<?, ?> m = yaml.readValue(text, Map.class);
                    m.keySet().forEach(k -> declared.add(k.toString()));
                }
                readers.append(definitions ? TOP_LEVEL_KEY.matcher(text).replaceAll(":") : text).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (declared.isEmpty()) {
            throw new AssertionError("no variables declared in " + ansibleDir + "/roles/*/defaults/main.yml");
        }
        return new RoleVariables(declared, readers.toString());
    }

    /** Every variable some role's defaults/main.yml declares. */
    Set<String> declared() {
        return declared;
    }

    /** Whether a role file or playbook names {@code variable} outside its own definition. */
    boolean isRead(String variable) {
        return Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(variable) + "(?![A-Za-z0-9_])").matcher(readers).find();
    }

    /** The variables of {@code keys} that no role both declares and reads. */
    List<String> notReadByARole(Iterable<String> keys) {
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            if (!declared.contains(k) || !isRead(k)) {
                out.add(k);
            }
        }
        return out;
    }
}
