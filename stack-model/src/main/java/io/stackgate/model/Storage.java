package io.stackgate.model;

/** The TSDB volume of each Prometheus replica. */
public record Storage(StorageType type, int sizeGiB) {
    public Storage {
        Checks.required("type", type);
        Checks.range("sizeGiB", sizeGiB, 1, 16_384);
    }
}
