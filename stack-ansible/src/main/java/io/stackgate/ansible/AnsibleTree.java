package io.stackgate.ansible;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The static Ansible tree shipped inside this jar: the repository's {@code ansible/} without its
 * {@code tests/} — {@code ansible.cfg}, the playbooks ({@code bootstrap.yml}, {@code bake-*.yml})
 * and {@code roles/}. For library users who have the jar but not the repository, and for runs that
 * need a private copy.
 */
public final class AnsibleTree {
    /** Where the tree lives on the classpath. */
    public static final String RESOURCE_ROOT = "io/stackgate/ansible/tree/";
    /** The playbooks at the tree's top level. */
    public static final List<String> PLAYBOOKS = List.of("bake-grafana.yml", "bake-prometheus.yml", "bootstrap.yml");

    private AnsibleTree() {
    }

    /**
     * Extracts the tree to {@code dir}, byte for byte, and returns {@code dir}. The files are
     * written to a temporary sibling first and moved into place, so {@code dir} never holds a
     * partial tree.
     *
     * @throws IOException when {@code dir} exists and is not an empty directory (nothing is touched),
     *         or writing fails (nothing is left behind)
     */
    public static Path extract(Path dir) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            if (!Files.isDirectory(target)) {
                throw new IOException(target + " is a file: extract the Ansible tree into a new or empty directory");
            }
            try (Stream<Path> s = Files.list(target)) {
                if (s.findAny().isPresent()) {
                    throw new IOException(target + " is not empty: extract the Ansible tree into a new or empty"
                            + " directory (refusing to mix it with existing files)");
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
            // The temporary directory is 0700; the tree must be readable like a checkout.
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.deleteIfExists(target);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            return target;
        } finally {
            if (Files.exists(tmp)) {
                AnsiblePlaybook.deleteTree(tmp);
            }
        }
    }

    /**
     * Every file of the tree: path relative to the tree (with {@code /}) → content, sorted by path.
     *
     * @throws IllegalStateException when the tree is not on the classpath (a broken build)
     */
    public static SortedMap<String, byte[]> files() throws IOException {
        URL anchor = AnsibleTree.class.getClassLoader().getResource(RESOURCE_ROOT + "bootstrap.yml");
        if (anchor == null) {
            throw new IllegalStateException("the Ansible tree is not on the classpath (" + RESOURCE_ROOT
                    + "bootstrap.yml is missing): the stack-ansible jar was built without ../ansible");
        }
        SortedMap<String, byte[]> files = new TreeMap<>();
        switch (anchor.getProtocol()) {
            case "file" -> {
                Path root;
                try {
                    root = Path.of(anchor.toURI()).getParent();
                } catch (URISyntaxException e) {
                    throw new IOException("cannot read " + anchor, e);
                }
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.filter(Files::isRegularFile).forEach(p -> {
                        try {
                            files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }
            case "jar" -> {
                JarURLConnection connection = (JarURLConnection) anchor.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    Enumeration<JarEntry> entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        JarEntry entry = entries.nextElement();
                        if (!entry.isDirectory() && entry.getName().startsWith(RESOURCE_ROOT)) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                files.put(entry.getName().substring(RESOURCE_ROOT.length()), in.readAllBytes());
                            }
                        }
                    }
                }
            }
            default -> throw new IOException("cannot list the Ansible tree from a " + anchor.getProtocol()
                    + " URL: " + anchor);
        }
        return files;
    }
}
