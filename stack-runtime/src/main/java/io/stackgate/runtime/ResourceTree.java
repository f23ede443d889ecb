package io.stackgate.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Enumeration;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A static file tree shipped inside a jar (the Terraform modules, the Ansible roles), listed from
 * the class path whether it is a directory (in a build) or a jar, and extracted for library users.
 *
 * @param root where the tree lives on the class path, ending in {@code /}
 * @param anchor a file that must exist at the top of the tree (how it is found)
 * @param what the tree's name in messages, e.g. "the Terraform modules"
 * @param owner a class from the jar that ships the tree (its class loader finds it)
 */
public record ResourceTree(String root, String anchor, String what, Class<?> owner) {
    public ResourceTree {
        if (!root.endsWith("/")) {
            throw new IllegalArgumentException("a resource root ends with /: " + root);
        }
    }

    /**
     * Extracts the tree to {@code dir}, byte for byte, and returns {@code dir}. The files are
     * written to a temporary sibling first and moved into place, so {@code dir} never holds a
     * partial tree.
     *
     * @throws IOException when {@code dir} exists and is not an empty directory (nothing is touched),
     *         or writing fails (nothing is left behind)
     */
    public Path extract(Path dir) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            if (!Files.isDirectory(target)) {
                throw new IOException(target + " is a file: extract " + what + " into a new or empty directory");
            }
            try (Stream<Path> s = Files.list(target)) {
                if (s.findAny().isPresent()) {
                    throw new IOException(target + " is not empty: extract " + what + " into a new or empty"
                            + " directory (refusing to mix them with existing files)");
                }
            }
        }
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
        try {
            for (Map.Entry<String, byte[]> e : files().entrySet()) {
                Path file = tmp.resolve(e.getKey()).normalize();
                if (!file.startsWith(tmp)) {
                    throw new IOException("refusing to extract " + e.getKey() + ": it leaves the target directory");
                }
                Files.createDirectories(file.getParent());
                Files.write(file, e.getValue());
            }
            // the temporary directory is 0700; the tree must be readable like a checkout
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.deleteIfExists(target);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            return target;
        } finally {
            if (Files.exists(tmp)) {
                deleteTree(tmp);
            }
        }
    }

    /**
     * Every file of the tree: path relative to the tree (with {@code /}) → content, sorted by path.
     *
     * @throws IllegalStateException when the tree is not on the classpath (a broken build)
     */
    public SortedMap<String, byte[]> files() throws IOException {
        URL found = owner.getClassLoader().getResource(root + anchor);
        if (found == null) {
            throw new IllegalStateException(what + " are not on the classpath (" + root + anchor
                    + " is missing): the jar of " + owner.getName() + " was built without them");
        }
        SortedMap<String, byte[]> files = new TreeMap<>();
        switch (found.getProtocol()) {
            case "file" -> {
                Path top;
                try {
                    top = Path.of(found.toURI()).getParent();
                } catch (URISyntaxException e) {
                    throw new IOException("cannot read " + found, e);
                }
                try (Stream<Path> walk = Files.walk(top)) {
                    walk.filter(Files::isRegularFile).forEach(p -> {
                        try {
                            files.put(top.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }
            case "jar" -> {
                JarURLConnection connection = (JarURLConnection) found.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    Enumeration<JarEntry> entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        JarEntry entry = entries.nextElement();
                        if (!entry.isDirectory() && entry.getName().startsWith(root)) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                files.put(entry.getName().substring(root.length()), in.readAllBytes());
                            }
                        }
                    }
                }
            }
            default -> throw new IOException("cannot list " + what + " from a " + found.getProtocol()
                    + " URL: " + found);
        }
        return files;
    }

    /** Deletes a directory tree; a missing one is fine. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
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
}
