package io.stackgate.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModulesTest {

    @Test
    void extractedTreeIsByteIdenticalToTheRepositoryTerraformTreeWithoutTests(@TempDir Path tmp) throws IOException {
        Path out = Modules.extract(tmp.resolve("modules"));

        SortedMap<String, byte[]> extracted = tree(out);
        SortedMap<String, byte[]> repository = tree(Repo.terraformDir());
        repository.keySet().removeIf(ModulesTest::notShipped);

        assertThat(extracted.keySet()).containsExactlyElementsOf(repository.keySet());
        repository.forEach((path, bytes) -> assertThat(extracted.get(path)).as(path).isEqualTo(bytes));
    }

    @Test
    void theTreeHasTheRootModuleTheBakeRootAndTheTemplatesButNoTests() throws IOException {
        assertThat(Modules.files().keySet())
                .contains("main.tf", "variables.tf", "versions.tf", "bake/main.tf",
                        "modules/compute/templates/user_data.sh.tftpl",
                        "modules/ami-bake/templates/bake_user_data.sh.tftpl")
                .noneMatch(p -> p.startsWith("tests/"));
    }

    @Test
    void extractRefusesANonEmptyDirectoryAndLeavesItUntouched(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(dir.resolve("notes.txt"), "keep me");

        assertThatThrownBy(() -> Modules.extract(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining(dir + " is not empty");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.toList()).containsExactly(dir.resolve("notes.txt"));
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.toList()).as("no temporary directory left behind").containsExactly(dir);
        }
    }

    @Test
    void extractIntoAnExistingEmptyDirectoryWorks(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("empty"));

        Modules.extract(dir);

        assertThat(dir.resolve("main.tf")).isRegularFile();
    }

    @Test
    void aWorkspaceHasItsOwnModuleCopyDataDirAndPluginCacheAndCloseDeletesIt() throws IOException {
        Path root;
        try (Workspace ws = Workspace.ofBundledModules()) {
            root = ws.root();
            assertThat(ws.moduleDir().resolve("main.tf")).isRegularFile();
            assertThat(ws.dataDir()).isDirectory().startsWith(root);
            assertThat(ws.pluginCacheDir()).isDirectory().startsWith(root);
        }
        assertThat(root).doesNotExist();
    }

    @Test
    void aWorkspaceCopyLeavesTerraformWorkingFilesBehind(@TempDir Path tmp) throws IOException {
        Path tree = Files.createDirectories(tmp.resolve("tree/.terraform/providers"));
        Files.writeString(tmp.resolve("tree/main.tf"), "# root\n");
        Files.writeString(tmp.resolve("tree/terraform.tfstate"), "{}");
        Files.writeString(tree.resolve("big"), "x");

        try (Workspace ws = Workspace.copyOf(tmp.resolve("tree"))) {
            try (Stream<Path> s = Files.list(ws.moduleDir())) {
                assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("main.tf");
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void insideAJarTheSameFilesAreListed(@TempDir Path tmp) throws Exception {
        Path jar = tmp.resolve("stack-terraform.jar");
        SortedMap<String, byte[]> expected = Modules.files();
        String modulesClass = "io/stackgate/terraform/Modules.class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                InputStream klass = Modules.class.getClassLoader().getResourceAsStream(modulesClass)) {
            out.putNextEntry(new JarEntry(modulesClass));
            out.write(klass.readAllBytes());
            for (var e : expected.entrySet()) {
                out.putNextEntry(new JarEntry(Modules.RESOURCE_ROOT + e.getKey()));
                out.write(e.getValue());
            }
        }

        SortedMap<String, byte[]> fromJar;
        URL runtime = io.stackgate.runtime.ResourceTree.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL(), runtime},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> isolated = loader.loadClass("io.stackgate.terraform.Modules");
            assertThat(isolated).isNotSameAs(Modules.class);
            fromJar = (SortedMap<String, byte[]>) isolated.getMethod("files").invoke(null);
        }

        assertThat(fromJar.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((path, bytes) -> assertThat(fromJar.get(path)).as(path).isEqualTo(bytes));
    }

    /** What the pom's resource excludes leave out of the jar. */
    private static boolean notShipped(String path) {
        return path.startsWith("tests/") || path.contains(".terraform/") || path.contains(".tfstate")
                || path.contains("__pycache__/");
    }

    private static SortedMap<String, byte[]> tree(Path root) throws IOException {
        SortedMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }
}
