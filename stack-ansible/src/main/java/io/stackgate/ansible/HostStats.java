package io.stackgate.ansible;

/**
 * The recap of one host, as {@code PLAY RECAP} prints it.
 *
 * @param failed Ansible's {@code failures}
 */
public record HostStats(String host, int ok, int changed, int failed, int unreachable, int skipped, int rescued,
        int ignored) {
    @Override
    public String toString() {
        return host + " ok=" + ok + " changed=" + changed + " failed=" + failed + " unreachable=" + unreachable
                + " skipped=" + skipped + " rescued=" + rescued + " ignored=" + ignored;
    }
}
