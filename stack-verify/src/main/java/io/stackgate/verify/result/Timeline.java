package io.stackgate.verify.result;

import java.util.List;

/**
 * Requests through a load balancer over time while a fault was injected: one sample per bucket,
 * with the moment of the fault and, when known, when the balancer ejected the node and when it
 * came back.
 *
 * @param check the check that recorded it, e.g. {@code failover-prometheus}
 * @param fault what was done, e.g. {@code kill -9 prometheus-1}
 * @param bucketSeconds width of one sample
 * @param faultAtSeconds seconds from the start of the load to the fault
 * @param ejectedAtSeconds seconds from the start to the balancer marking the node down, or null
 * @param recoveredAtSeconds seconds from the start to the node serving again, or null
 */
public record Timeline(String check, String fault, double bucketSeconds, double faultAtSeconds,
        Double ejectedAtSeconds, Double recoveredAtSeconds, List<Sample> samples) {
    public Timeline {
        samples = List.copyOf(samples);
    }

    /** Totals over the whole timeline. */
    public long requests() {
        return samples.stream().mapToLong(Sample::requests).sum();
    }

    public long failures() {
        return samples.stream().mapToLong(Sample::failures).sum();
    }

    /** The slowest request of the whole timeline in milliseconds, or null when no latency was recorded. */
    public Double maxLatencyMs() {
        return samples.stream().map(Sample::maxMs).filter(java.util.Objects::nonNull).max(Double::compare).orElse(null);
    }

    /**
     * One bucket: requests started in it, how many of them failed, and the latency of those requests
     * (p50, p99, max in milliseconds; null when not measured or no request started in it).
     */
    public record Sample(double t, int requests, int failures, Double p50Ms, Double p99Ms, Double maxMs) {
        public Sample(double t, int requests, int failures) {
            this(t, requests, failures, null, null, null);
        }
    }
}
