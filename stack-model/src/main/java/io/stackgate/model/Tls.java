package io.stackgate.model;

import java.util.regex.Pattern;

/** TLS on the public load balancer: an ACM certificate and the oldest protocol version accepted. */
public record Tls(String certificateArn, TlsVersion minVersion) {
    private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[a-zA-Z0-9-]+");

    public Tls {
        Checks.matches("certificateArn", certificateArn, ARN,
                "an ACM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID)");
        Checks.required("minVersion", minVersion);
    }

    /** The ELB security policy that enforces {@link #minVersion()}. */
    public String sslPolicy() {
        return minVersion == TlsVersion.TLS1_3 ? "ELBSecurityPolicy-TLS13-1-3-2021-06" : "ELBSecurityPolicy-TLS13-1-2-2021-06";
    }
}
