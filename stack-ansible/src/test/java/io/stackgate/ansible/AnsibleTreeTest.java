package io.stackgate.ansible;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnsibleTreeTest {
    /** The repository's ansible/ as the jar should carry it: without tests/ and tool caches. */
    private static SortedMap<String, byte[]> repositoryTree() throws IOException {
        Path root = Repo.ansibleDir();
        SortedMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (rel.startsWith("tests/") || rel.contains("__pycache__/") || rel.endsWith(".retry")
                        || rel.startsWith(".ansible/") || rel.contains("/.ansible/")) {
                    continue;
                }
                files.put(rel, Files.readAllBytes(p));
            }
        }
        return files;
    }

    @Test
    void extractWritesTheRepositoryTreeWithoutTestsByteForByte(@TempDir Path dir) throws IOException {
        Path out = AnsibleTree.extract(dir.resolve("ansible"));

        SortedMap<String, byte[]> expected = repositoryTree();
        SortedMap<String, byte[]> extracted = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(out)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                extracted.put(out.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        assertThat(extracted.keySet()).isEqualTo(expected.keySet());
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            assertThat(extracted.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(extracted).containsKeys("ansible.cfg", "bootstrap.yml", "roles/stackgate/defaults/main.yml",
                "README.md", ".yamllint");
        assertThat(extracted.keySet()).noneMatch(k -> k.startsWith("tests/"));
        for (String playbook : AnsibleTree.PLAYBOOKS) {
            assertThat(extracted).containsKey(playbook);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void filesReadFromAJarAreTheSameAsFromTheClassesDirectory(@TempDir Path dir) throws Exception {
        // What a library user has: the tree inside the jar, listed through a jar: URL.
        Path classes = Path.of(AnsibleTree.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = dir.resolve("stack-ansible.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> walk = Files.walk(classes)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String name = classes.relativize(p).toString().replace('\\', '/');
                if (name.startsWith(AnsibleTree.RESOURCE_ROOT) || name.equals("io/stackgate/ansible/AnsibleTree.class")) {
                    out.putNextEntry(new java.util.jar.JarEntry(name));
                    out.write(Files.readAllBytes(p));
                    out.closeEntry();
                }
            }
        }
        java.net.URL runtime = io.stackgate.runtime.ResourceTree.class.getProtectionDomain().getCodeSource().getLocation();
        try (var loader = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL(), runtime},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> isolated = loader.loadClass(AnsibleTree.class.getName());
            assertThat(isolated).isNotSameAs(AnsibleTree.class);
            SortedMap<String, byte[]> fromJar = (SortedMap<String, byte[]>) isolated.getMethod("files").invoke(null);
            SortedMap<String, byte[]> fromClasses = AnsibleTree.files();
            assertThat(fromJar.keySet()).isEqualTo(fromClasses.keySet()).contains("bootstrap.yml");
            fromClasses.forEach((k, v) -> assertThat(fromJar.get(k)).as(k).isEqualTo(v));
        }
    }

    @Test
    void extractRefusesANonEmptyDirectoryAndTouchesNothing(@TempDir Path dir) throws IOException {
        Path mine = Files.writeString(dir.resolve("mine.txt"), "keep me");

        assertThatThrownBy(() -> AnsibleTree.extract(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("is not empty");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.toList()).containsExactly(mine);
        }
    }

    @Test
    void extractIntoAnExistingEmptyDirectoryWorks(@TempDir Path dir) throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThat(AnsibleTree.extract(empty).resolve("bootstrap.yml")).isRegularFile();
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).as("no temporary sibling left behind")
                    .containsExactly("empty");
        }
    }
}
