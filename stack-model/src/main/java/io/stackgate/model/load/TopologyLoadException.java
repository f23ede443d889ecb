package io.stackgate.model.load;

/**
 * A topology file that cannot be used: unreadable, not YAML, of the wrong shape, or with a value out
 * of range. The message is one line: {@code file:line:column: path: what is wrong (what was expected)}.
 */
public final class TopologyLoadException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final int line;
    private final int column;
    private final String path;
    private final String reason;

    public TopologyLoadException(String source, int line, int column, String path, String reason) {
        super(source + ":" + line + ":" + column + ": " + (path.isEmpty() ? "" : path + ": ") + reason);
        this.source = source;
        this.line = line;
        this.column = column;
        this.path = path;
        this.reason = reason;
    }

    public String source() { return source; }
    public int line() { return line; }
    public int column() { return column; }
    /** The topology path of the bad key, e.g. {@code prometheus.scrapeJobs[1].name}; empty for file-level errors. */
    public String path() { return path; }
    public String reason() { return reason; }
}
