package io.stackgate.model;

/** The TSDB volume of each Prometheus replica. */
public record Storage(StorageType type, int sizeGiB) {
    public Storage {
        Checks.required("type", type);
        Limits.STORAGE_SIZE_GIB.check("sizeGiB", sizeGiB);
    }
}
