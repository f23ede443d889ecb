package io.stackgate.aws.deploy;

import java.util.ArrayList;
import java.util.List;

/**
 * What a deploy has created so far, in creation order, each with the call that removes it. A
 * failed deploy and {@link Deployer#destroy} undo it in reverse order; an undo that fails does not
 * stop the others and is reported.
 */
final class Ledger {
    /** Removes one resource; may throw. */
    @FunctionalInterface
    interface Undo {
        void run() throws Exception;
    }

    private record Entry(DeployedResource resource, Undo undo) {
    }

    private final List<Entry> entries = new ArrayList<>();

    synchronized DeployedResource add(String address, String key, String id, Undo undo) {
        DeployedResource r = new DeployedResource(address, key, id);
        entries.add(new Entry(r, undo));
        return r;
    }

    synchronized List<DeployedResource> resources() {
        return entries.stream().map(Entry::resource).toList();
    }

    /** Undoes everything, newest first; returns one line per undo that failed. */
    synchronized List<String> undoAll() {
        List<String> failures = new ArrayList<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            try {
                e.undo().run();
            } catch (Exception ex) {
                failures.add(e.resource() + ": " + ex.getMessage());
            }
        }
        entries.clear();
        return failures;
    }
}
