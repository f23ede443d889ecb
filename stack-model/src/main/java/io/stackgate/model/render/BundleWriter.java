package io.stackgate.model.render;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/**
 * Writes a bundle so that nothing partial is ever seen: files go to a temporary sibling directory
 * which then replaces the target in one rename. A target that exists must be empty or a bundle
 * stackgate wrote before (it holds {@value #MARKER}); anything else is refused, untouched.
 */
public final class BundleWriter {
    public static final String MARKER = ".stackgate-bundle";

    /** A target directory that cannot be used; nothing was written. */
    public static final class RefusedException extends IOException {
        private static final long serialVersionUID = 1L;

        public RefusedException(String message) {
            super(message);
        }
    }

    /**
     * Writes {@code bundle} to {@code dir}, replacing a previous bundle there.
     *
     * @throws RefusedException when {@code dir} is a file, or a non-empty directory that is not a bundle
     * @throws IOException when writing fails; {@code dir} is then as it was
     */
    public void write(Bundle bundle, Path dir) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent == null) {
            throw new RefusedException(dir + ": refusing to write a bundle at the filesystem root");
        }
        boolean replace = checkTarget(target);
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
        try {
            for (Map.Entry<String, byte[]> e : bundle.files().entrySet()) {
                Path file = tmp.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.write(file, e.getValue());
            }
            Files.write(tmp.resolve(MARKER), new byte[0]);
            if (replace) {
                Path old = parent.resolve("." + target.getFileName() + ".old-" + System.nanoTime());
                move(target, old);
                try {
                    move(tmp, target);
                } catch (IOException e) {
                    move(old, target);
                    throw e;
                }
                deleteTree(old);
            } else {
                Files.deleteIfExists(target); // an empty directory
                move(tmp, target);
            }
        } finally {
            if (Files.exists(tmp)) {
                deleteTree(tmp);
            }
        }
    }

    /** True when {@code target} holds a previous bundle to replace. */
    private static boolean checkTarget(Path target) throws IOException {
        if (!Files.exists(target)) {
            return false;
        }
        if (!Files.isDirectory(target)) {
            throw new RefusedException(target + " is a file; --out needs a directory");
        }
        if (Files.exists(target.resolve(MARKER))) {
            return true;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(target)) {
            if (entries.iterator().hasNext()) {
                throw new RefusedException(target + " is not empty and holds no stackgate bundle ("
                        + MARKER + " missing); choose an empty or new directory");
            }
        }
        return false;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
