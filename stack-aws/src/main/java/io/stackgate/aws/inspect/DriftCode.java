package io.stackgate.aws.inspect;

import io.stackgate.model.validate.Finding;
import io.stackgate.model.validate.Severity;

/**
 * The codes of {@code stackgate inspect} for a deployed stack that differs from its model
 * (DESIGN.md's {@code DRIFT_*}); where the deployed stack has a defect the model's own codes name,
 * inspect reports those instead ({@link io.stackgate.model.validate.FindingCode}).
 *
 * <p>They live here and not in {@code FindingCode} because stack-model's and stack-cli's tests hold
 * every {@code FindingCode} to a topology that triggers it, which a drift code has by definition not.
 */
public enum DriftCode {
    /** A resource the model implies is absent (or cannot be found by its tags and name). */
    DRIFT_MISSING(Severity.ERROR),
    /** An Auto Scaling group's min/max/desired differ from the tier's replicas (min = desired = replicas, max = replicas + 1). */
    DRIFT_CAPACITY(Severity.ERROR),
    /** A tier's group or instances do not cover the topology's AZs evenly. */
    DRIFT_AZ_SPREAD(Severity.ERROR),
    /** A target group's health check or deregistration delay differs from the topology's. */
    DRIFT_HEALTH_CHECK(Severity.ERROR),
    /** A resource lacks the {@code Stack}/{@code Tier} tags discovery and Prometheus select on. */
    DRIFT_TAGS(Severity.ERROR),
    /** An ingress rule the model does not declare (and no security code covers). */
    DRIFT_INGRESS(Severity.ERROR),
    /** The public HTTPS listener's TLS policy differs from the topology's minimum version. */
    DRIFT_TLS_POLICY(Severity.ERROR),
    /** The config bucket is not fully private (public access block off, public policy or ACL). */
    DRIFT_BUCKET_PUBLIC(Severity.ERROR),
    /** Data at rest without encryption: config bucket, EFS, the admin password parameter. */
    DRIFT_UNENCRYPTED(Severity.ERROR);

    private final Severity severity;

    DriftCode(Severity severity) {
        this.severity = severity;
    }

    public Severity severity() {
        return severity;
    }

    public Finding at(String path, String message, String fix) {
        return new Finding(name(), severity, path, message, fix);
    }
}
