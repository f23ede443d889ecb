package io.stackgate.aws.inspect;

import io.stackgate.model.validate.Finding;
import java.util.List;
import java.util.Map;

/** The tag check every resource gets: {@code Stack=<name>} and, for a tier's resources, {@code Tier=<tier>}. */
final class Tags {
    private Tags() {
    }

    static void require(List<Finding> out, String path, Map<String, String> tags, String key, String value) {
        String actual = tags.get(key);
        if (!value.equals(actual)) {
            out.add(DriftCode.DRIFT_TAGS.at(path + "/tag/" + key,
                    (actual == null ? "tag " + key + " is missing" : "tag " + key + " is \"" + actual + "\"")
                            + " (the model says " + key + "=" + value + "): Prometheus EC2 discovery, the Ansible "
                            + "inventory and stackgate select the stack's resources by this tag, so this one is "
                            + "invisible to them or counted in the wrong tier",
                    "tag it " + key + "=" + value + " (terraform apply restores it)"));
        }
    }
}
