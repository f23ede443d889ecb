package io.stackgate.runtime;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one way stackgate writes a directory tree (a config bundle, an extracted module tree, a
 * report) so that nothing partial is ever seen: every file goes into a temporary sibling
 * directory, which then takes the target's place in one rename. A failure leaves the target as it
 * was and no temporary directory behind. Immutable; every method that configures returns a new
 * writer.
 *
 * <p>What the target may be:
 * <ul>
 *   <li>absent or an empty directory: always fine;</li>
 *   <li>a tree this writer wrote before, which is replaced (its stale files disappear) — recognised
 *       by a {@linkplain #replacingMarked marker file} or by holding {@linkplain #replacingOnly only
 *       the writer's own entries}; without either rule a non-empty directory is refused;</li>
 *   <li>anything else (a file, a directory of other things, a directory this process cannot write)
 *       is refused with {@link RefusedException} and left untouched.</li>
 * </ul>
 *
 * <p>Replacing takes two renames (the old tree aside, the new one in); if the second fails the old
 * tree is put back. The new tree's files and directories get the process's default permissions,
 * as {@code mkdir} and a plain write would give them, unless {@link #readableByAll()}.
 *
 * <p>Why one file over 300 lines: the write is one transaction (temporary sibling, marker check,
 * permissions, rename, rollback of what this call created); its steps share invariants that a split
 * would spread over classes.
 */
public final class TreeWriter {
    /** A target that cannot be used; nothing was written. */
    public static class RefusedException extends IOException {
        private static final long serialVersionUID = 1L;

        public RefusedException(String message) {
            super(message);
        }
    }

    private enum Target { ABSENT, EMPTY, PREVIOUS }

    private final String what;
    private final String remedy;
    private final String marker;
    private final Set<String> ownEntries;
    private final boolean readableByAll;

    private TreeWriter(String what, String remedy, String marker, Set<String> ownEntries, boolean readableByAll) {
        this.what = what;
        this.remedy = remedy;
        this.marker = marker;
        this.ownEntries = ownEntries;
        this.readableByAll = readableByAll;
    }

    /**
     * A writer of {@code what} (its name in refusals, e.g. "the Terraform modules") into a new or
     * empty directory only.
     */
    public static TreeWriter of(String what) {
        if (what == null || what.isBlank()) {
            throw new IllegalArgumentException("say what the tree is: it is named in refusals");
        }
        return new TreeWriter(what, "write it to a new or empty directory", null, null, false);
    }

    /** What a refusal tells the user to do, e.g. "choose an empty or new directory". */
    public TreeWriter remedy(String whatToDo) {
        Objects.requireNonNull(whatToDo, "whatToDo");
        return new TreeWriter(what, whatToDo, marker, ownEntries, readableByAll);
    }

    /** Also writes an empty file {@code markerFile} at the top, and replaces a directory that holds one. */
    public TreeWriter replacingMarked(String markerFile) {
        checkName(markerFile);
        return new TreeWriter(what, remedy, markerFile, ownEntries, readableByAll);
    }

    /** Also replaces a directory that holds nothing but regular files named {@code entries}. */
    public TreeWriter replacingOnly(Set<String> entries) {
        entries.forEach(TreeWriter::checkName);
        return new TreeWriter(what, remedy, marker, Set.copyOf(entries), readableByAll);
    }

    /** Directories {@code rwxr-xr-x} and files {@code rw-r--r--} whatever the umask: a tree to publish. */
    public TreeWriter readableByAll() {
        return new TreeWriter(what, remedy, marker, ownEntries, true);
    }

    /**
     * Writes {@code files} (path relative to the tree, with {@code /} → content) as the directory
     * {@code dir}, creating its parents, and returns it as an absolute path.
     *
     * @throws RefusedException when {@code dir} is the filesystem root, a file, a directory this
     *         writer may not replace or one that is not writable; nothing was touched
     * @throws IOException when writing fails, or a path leaves the tree; {@code dir} is then as it was
     */
    public Path write(Path dir, Map<String, byte[]> files) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent == null) {
            throw new RefusedException(dir + ": refusing to write " + what + " at the filesystem root");
        }
        Target state = inspect(target);
        Files.createDirectories(parent);
        Path tmp = createSibling(parent, "." + target.getFileName() + ".tmp-");
        try {
            fill(tmp, files);
            if (readableByAll) {
                publish(tmp);
            }
            switch (state) {
                case ABSENT -> move(tmp, target);
                case EMPTY -> {
                    Files.delete(target); // fails, changing nothing, if something appeared in it meanwhile
                    move(tmp, target);
                }
                case PREVIOUS -> replace(tmp, target);
            }
            return target;
        } catch (IOException | RuntimeException e) {
            try {
                delete(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Deletes a directory tree without following links (a link is removed, not what it points to); a missing one is fine. */
    public static void delete(Path tree) throws IOException {
        if (!Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private Target inspect(Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return Target.ABSENT;
        }
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new RefusedException(target + (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) ? " is a file; "
                    : " is not a directory; ") + remedy);
        }
        if (!Files.isWritable(target)) {
            // it could be replaced (that needs only its parent writable), but a directory made read-only is left alone
            throw new RefusedException(target + " is not writable; " + remedy);
        }
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(target)) {
            s.forEach(entries::add);
        }
        entries.sort(null);
        if (entries.isEmpty()) {
            return Target.EMPTY;
        }
        if (marker != null && Files.exists(target.resolve(marker), LinkOption.NOFOLLOW_LINKS)) {
            return Target.PREVIOUS;
        }
        if (ownEntries != null) {
            for (Path e : entries) {
                String name = e.getFileName().toString();
                if (!ownEntries.contains(name)) {
                    throw new RefusedException(target + " holds " + name + ", which is not part of " + what + "; "
                            + remedy);
                }
                if (!Files.isRegularFile(e, LinkOption.NOFOLLOW_LINKS)) {
                    throw new RefusedException(e + (Files.isDirectory(e, LinkOption.NOFOLLOW_LINKS) ? " is a directory; "
                            : " is not a regular file; ") + remedy);
                }
            }
            return Target.PREVIOUS;
        }
        if (marker != null) {
            throw new RefusedException(target + " is not empty and holds no " + what + " (" + marker + " missing); "
                    + remedy);
        }
        throw new RefusedException(target + " is not empty: " + remedy + " (refusing to mix " + what
                + " with existing files)");
    }

    private void fill(Path tmp, Map<String, byte[]> files) throws IOException {
        SortedMap<String, byte[]> sorted = new TreeMap<>(files); // the same failure for the same input
        if (marker != null) {
            sorted.put(marker, new byte[0]);
        }
        for (Map.Entry<String, byte[]> e : sorted.entrySet()) {
            Path file = tmp.resolve(e.getKey()).normalize();
            if (!file.startsWith(tmp) || file.equals(tmp)) {
                throw new IOException("refusing to write " + e.getKey() + ": it leaves the directory of " + what);
            }
            Files.createDirectories(file.getParent());
            Files.write(file, e.getValue(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
    }

    private static void publish(Path tmp) throws IOException {
        if (!Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Files.walkFileTree(tmp, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** The old tree aside, the new one in, the old one deleted; the old one is put back if the new one cannot go in. */
    private static void replace(Path tmp, Path target) throws IOException {
        Path old = unusedSibling(target.getParent(), "." + target.getFileName() + ".old-");
        move(target, old);
        try {
            move(tmp, target);
        } catch (IOException e) {
            try {
                move(old, target);
            } catch (IOException restore) {
                e.addSuppressed(restore);
            }
            throw e;
        }
        delete(old);
    }

    /** A new directory next to the target, created like mkdir (so with the default permissions, not 0700). */
    private static Path createSibling(Path parent, String prefix) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                return Files.createDirectory(parent.resolve(prefix + randomSuffix()));
            } catch (FileAlreadyExistsException e) {
                // another writer picked the same name: draw again
            }
        }
        throw new IOException("no unused temporary name " + prefix + "… in " + parent + " after 100 attempts");
    }

    private static Path unusedSibling(Path parent, String prefix) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            Path p = parent.resolve(prefix + randomSuffix());
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return p;
            }
        }
        throw new IOException("no unused temporary name " + prefix + "… in " + parent + " after 100 attempts");
    }

    private static String randomSuffix() {
        return Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to); // siblings, so only on exotic file systems
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not a file name in the tree's top directory: " + name);
        }
    }

    @Override
    public String toString() {
        return "TreeWriter[" + what + (marker != null ? ", replacing trees marked " + marker : "")
                + (ownEntries != null ? ", replacing trees of only " + new TreeSet<>(ownEntries) : "") + "]";
    }
}
