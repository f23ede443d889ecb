package io.stackgate.aws.fault;

import io.stackgate.verify.target.ControlPlane.Fault;
import java.util.List;

/**
 * What one rollback did, for the journal: each call it made ({@code StartInstances i-…}) and each
 * thing it left as it found it, with the reason ({@code i-… already running}).
 */
public record Undone(Fault fault, List<String> done, List<String> unchanged) {
    public Undone {
        done = List.copyOf(done);
        unchanged = List.copyOf(unchanged);
    }
}
