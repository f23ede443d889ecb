package io.stackgate.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A program stackgate needs is not installed, or the file given for it is not an executable. The
 * message names the program, what was searched (the {@code STACKGATE_<NAME>_BIN} variables and the
 * PATH, or the file given) and how to install it:
 *
 * <pre>
 * prometheus not found (searched $STACKGATE_PROMETHEUS_BIN (unset) and PATH=/usr/bin:/bin); install it with: …
 * </pre>
 */
public class MissingBinaryException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final List<String> names;
    private final String overrides;
    private final String searchPath;
    private final String file;
    private final String hint;

    MissingBinaryException(List<String> names, String overrides, String searchPath, String hint) {
        super(String.join(" or ", names) + " not found (searched " + overrides + " and PATH=" + searchPath + "); " + hint);
        this.names = List.copyOf(names);
        this.overrides = overrides;
        this.searchPath = searchPath;
        this.file = null;
        this.hint = hint;
    }

    MissingBinaryException(String name, Path file, String problem, String hint) {
        super(name + " binary " + file + " " + problem + "; " + hint);
        this.names = List.of(name);
        this.overrides = "";
        this.searchPath = "";
        this.file = file.toString();
        this.hint = hint;
    }

    /**
     * The same facts for a driver's own exception type, worded as the terraform and ansible drivers
     * have always worded them ({@code no terraform or tofu binary found on the PATH searched (…)}).
     */
    protected MissingBinaryException(MissingBinaryException from) {
        super(from.file != null ? from.getMessage() : "no " + String.join(" or ", from.names)
                + " binary found on the PATH searched (" + (from.searchPath.isEmpty() ? "PATH is empty" : from.searchPath)
                + "), nor given with " + from.overrides + "; " + from.hint, from);
        this.names = from.names;
        this.overrides = from.overrides;
        this.searchPath = from.searchPath;
        this.file = from.file;
        this.hint = from.hint;
    }

    /** The program, the first one looked for when there were several. */
    public String binary() {
        return names.get(0);
    }

    /** Every program looked for, in order (e.g. terraform, tofu). */
    public List<String> names() {
        return names;
    }

    /** What was searched: the override variables and the PATH, or the file that was given. */
    public String searched() {
        return file != null ? file : overrides + " and PATH=" + searchPath;
    }

    /** The PATH searched; empty when none was set or a file was given. */
    public String searchPath() {
        return searchPath;
    }

    /** The file given for the program, when it was given rather than searched for. */
    public Optional<Path> file() {
        return Optional.ofNullable(file).map(Path::of);
    }

    /** How to install the program. */
    public String hint() {
        return hint;
    }
}
