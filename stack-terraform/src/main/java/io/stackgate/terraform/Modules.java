package io.stackgate.terraform;

import io.stackgate.runtime.ResourceTree;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SortedMap;

/**
 * The static Terraform modules shipped inside this jar (the repository's {@code terraform/} tree
 * without its {@code tests/}): the root module, {@code modules/*} with their templates, and the
 * {@code bake/} root. For library users who have the jar but not the repository.
 */
public final class Modules {
    /** Where the tree lives on the classpath. */
    public static final String RESOURCE_ROOT = "io/stackgate/terraform/modules/";

    private static final ResourceTree TREE =
            new ResourceTree(RESOURCE_ROOT, "main.tf", "the Terraform modules", Modules.class);

    private Modules() {
    }

    /**
     * Extracts the tree to {@code dir}, byte for byte, and returns {@code dir}; {@code dir} never
     * holds a partial tree.
     *
     * @throws IOException when {@code dir} exists and is not an empty directory (nothing is touched),
     *         or writing fails (nothing is left behind)
     */
    public static Path extract(Path dir) throws IOException {
        return TREE.extract(dir);
    }

    /**
     * Every file of the tree: path relative to the tree (with {@code /}) → content, sorted by path.
     *
     * @throws IllegalStateException when the tree is not on the classpath (a broken build)
     */
    public static SortedMap<String, byte[]> files() throws IOException {
        return TREE.files();
    }
}
