package io.stackgate.model;

/**
 * A topology value that breaks a rule of the model (a range, a format, a relation between two
 * keys). {@link #field()} names the key, relative to the record that rejected it, so that the YAML
 * loader can point at the line and column of that key.
 */
public final class TopologyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public TopologyException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The key that holds the bad value, relative to the record being built. */
    public String field() {
        return field;
    }

    /** The message without the field prefix. */
    public String reason() {
        return getMessage().substring(field.length() + 2);
    }
}
