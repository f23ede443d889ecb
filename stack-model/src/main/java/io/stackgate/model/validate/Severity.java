package io.stackgate.model.validate;

/** ERROR fails {@code stackgate validate} (exit 1); WARNING is reported but does not fail. */
public enum Severity {
    ERROR,
    WARNING
}
