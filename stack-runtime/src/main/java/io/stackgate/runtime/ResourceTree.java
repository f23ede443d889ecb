package io.stackgate.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
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
     * written by {@link TreeWriter}: to a temporary sibling first, then moved into place, so
     * {@code dir} never holds a partial tree.
     *
     * @throws IOException when {@code dir} exists and is not an empty directory (nothing is touched),
     *         or writing fails (nothing is left behind)
     */
    public Path extract(Path dir) throws IOException {
        return TreeWriter.of(what).remedy("extract " + what + " into a new or empty directory").write(dir, files());
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
}
