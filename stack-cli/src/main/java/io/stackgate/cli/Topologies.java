package io.stackgate.cli;

import io.stackgate.model.Topology;
import io.stackgate.model.load.TopologyLoadException;
import io.stackgate.model.load.TopologyLoader;
import java.nio.file.Path;

/** Loads the topology file named on the command line, turning load errors into user errors. */
final class Topologies {
    private Topologies() {
    }

    static Topology load(Path file) {
        try {
            return new TopologyLoader().load(file);
        } catch (TopologyLoadException e) {
            throw new UserError(e.getMessage());
        }
    }
}
