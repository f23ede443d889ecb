package io.stackgate.terraform;

import io.stackgate.runtime.TreeWriter;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private place for one terraform run, so that runs can go in parallel: a fresh temporary
 * directory holding its own copy of the module tree ({@link #moduleDir()}), its own
 * {@code TF_DATA_DIR} ({@link #dataDir()}) and its own provider plugin cache
 * ({@link #pluginCacheDir()}; terraform's cache is not safe for concurrent inits). Closing deletes
 * it all — run {@code destroy} first if anything was applied.
 *
 * <pre>{@code
 * try (Workspace ws = Workspace.ofBundledModules()) {
 *     ws.terraform().varFile(tfvars).build().init();
 * }
 * }</pre>
 */
public final class Workspace implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Workspace.class);

    private final Path root;

    private Workspace(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(dataDir());
        Files.createDirectories(pluginCacheDir());
    }

    /** A workspace holding the modules shipped in this jar ({@link Modules#extract}). */
    public static Workspace ofBundledModules() throws IOException {
        Path root = Files.createTempDirectory("stackgate-terraform-");
        Modules.extract(root.resolve("module"));
        return new Workspace(root);
    }

    /**
     * A workspace holding a copy of {@code moduleTree}, without terraform's working files
     * ({@code .terraform/}, state, plan files). The copy keeps the tree's layout, so relative
     * module sources ({@code ../modules/x}) still resolve inside it.
     *
     * @throws IOException when {@code moduleTree} is not a directory or copying fails
     */
    public static Workspace copyOf(Path moduleTree) throws IOException {
        if (!Files.isDirectory(moduleTree)) {
            throw new IOException(moduleTree + " is not a directory (expected a Terraform module tree)");
        }
        Path root = Files.createTempDirectory("stackgate-terraform-");
        copyTree(moduleTree.toAbsolutePath().normalize(), root.resolve("module"));
        return new Workspace(root);
    }

    /** The temporary directory holding everything below. */
    public Path root() {
        return root;
    }

    /** The copy of the module tree: the default working directory. */
    public Path moduleDir() {
        return root.resolve("module");
    }

    /** This workspace's {@code TF_DATA_DIR}. */
    public Path dataDir() {
        return root.resolve("tf-data");
    }

    /** This workspace's {@code TF_PLUGIN_CACHE_DIR}. */
    public Path pluginCacheDir() {
        return root.resolve("plugin-cache");
    }

    /**
     * A driver builder set up for this workspace: working directory {@link #moduleDir()},
     * {@code TF_DATA_DIR} and {@code TF_PLUGIN_CACHE_DIR} pointing inside it.
     */
    public Terraform.Builder terraform() {
        return Terraform.builder()
                .workingDir(moduleDir())
                .env("TF_DATA_DIR", dataDir().toString())
                .env("TF_PLUGIN_CACHE_DIR", pluginCacheDir().toString());
    }

    /** Deletes the workspace; a failure to delete is logged, not thrown. */
    @Override
    public void close() {
        try {
            TreeWriter.delete(root);
        } catch (IOException e) {
            LOG.warn("could not delete terraform workspace {}: {}", root, e.toString());
        }
    }

    @Override
    public String toString() {
        return "Workspace[" + root + "]";
    }

    private static boolean isWorkingFile(Path p) {
        String name = p.getFileName().toString();
        return name.equals(".terraform") || name.endsWith(".tfstate") || name.contains(".tfstate.")
                || name.endsWith(".tfplan") || name.equals(".terraform.tfstate.lock.info");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(from) && isWorkingFile(dir)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!isWorkingFile(file)) {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
