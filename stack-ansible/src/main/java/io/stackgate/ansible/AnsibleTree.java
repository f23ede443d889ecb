package io.stackgate.ansible;

import io.stackgate.runtime.ResourceTree;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;

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

    private static final ResourceTree TREE =
            new ResourceTree(RESOURCE_ROOT, "bootstrap.yml", "the Ansible tree", AnsibleTree.class);

    private AnsibleTree() {
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
