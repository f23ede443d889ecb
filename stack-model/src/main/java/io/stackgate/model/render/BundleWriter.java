package io.stackgate.model.render;

import io.stackgate.runtime.TreeWriter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a bundle so that nothing partial is ever seen: files go to a temporary sibling directory
 * which then replaces the target in one rename ({@link TreeWriter}). A target that exists must be
 * empty or a bundle stackgate wrote before (it holds {@value #MARKER}); anything else is refused,
 * untouched.
 */
public final class BundleWriter {
    public static final String MARKER = ".stackgate-bundle";

    private static final TreeWriter TREE = TreeWriter.of("stackgate bundle").replacingMarked(MARKER)
            .remedy("choose an empty or new directory");

    /** A target directory that cannot be used; nothing was written. */
    public static final class RefusedException extends TreeWriter.RefusedException {
        private static final long serialVersionUID = 1L;

        public RefusedException(String message) {
            super(message);
        }
    }

    /**
     * Writes {@code bundle} to {@code dir}, replacing a previous bundle there.
     *
     * @throws RefusedException when {@code dir} is a file, the filesystem root, not writable, or a
     *         non-empty directory that is not a bundle
     * @throws IOException when writing fails; {@code dir} is then as it was
     */
    public void write(Bundle bundle, Path dir) throws IOException {
        try {
            TREE.write(dir, bundle.files());
        } catch (TreeWriter.RefusedException e) {
            throw new RefusedException(e.getMessage());
        }
    }
}
