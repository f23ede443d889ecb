package io.stackgate.model;

import java.util.regex.Pattern;

/**
 * A secret value: either a reference ({@code ssm:/obs/grafana/admin}, {@code secretsmanager:name},
 * {@code env:VAR}) resolved on the node at boot, or a literal (accepted so that the validator can
 * name the mistake; the renderer never writes it).
 */
public record Secret(String secretRef, String literal) {
    private static final Pattern REF = Pattern.compile("(ssm:/[a-zA-Z0-9_.\\-/]+|secretsmanager:[a-zA-Z0-9/_+=.@-]+|env:[A-Z_][A-Z0-9_]*)");

    public Secret {
        if ((secretRef == null) == (literal == null)) {
            throw new TopologyException("secretRef", "give exactly one of secretRef or a literal value");
        }
        if (secretRef != null) {
            Checks.matches("secretRef", secretRef, REF, "ssm:/path, secretsmanager:name or env:VAR");
        }
    }

    public static Secret ref(String ref) {
        return new Secret(ref, null);
    }

    public static Secret literal(String value) {
        return new Secret(null, value);
    }

    public boolean isLiteral() {
        return literal != null;
    }

    /** The SSM parameter name for an {@code ssm:} reference, else empty. */
    public String ssmParameter() {
        return secretRef != null && secretRef.startsWith("ssm:") ? secretRef.substring(4) : "";
    }

    @Override
    public String toString() {
        return isLiteral() ? "Secret[literal=****]" : "Secret[" + secretRef + "]";
    }
}
