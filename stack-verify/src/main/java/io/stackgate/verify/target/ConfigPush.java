package io.stackgate.verify.target;

/** The one shared Prometheus configuration every replica reads (EFS / S3 on AWS, a file locally). */
public interface ConfigPush extends Capability {
    /** The shared configuration as it is now. */
    String prometheusConfig();

    /** Replaces the shared configuration (atomically: a replica never reads half a file). */
    void writePrometheusConfig(String yaml);
}
