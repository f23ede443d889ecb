package io.stackgate.model;

/**
 * Every numeric limit the topology accepts, in one place. The records and the YAML loader check
 * against these; {@code terraform/variables.tf} repeats them in its {@code validation} blocks, and a
 * test in this module reads that file and fails when the two disagree, so a topology that passes
 * {@code validate} never fails at {@code terraform plan} on a range (and the other way round).
 */
public final class Limits {
    /** Instances per tier: one Auto Scaling group each, sized by the Terraform root module. */
    public static final Range PROMETHEUS_REPLICAS = new Range(1, 10);
    public static final Range ALERTMANAGER_REPLICAS = new Range(1, 10);
    public static final Range GRAFANA_REPLICAS = new Range(1, 10);
    public static final Range QUERY_REPLICAS = new Range(1, 10);
    /** AZs a topology may list: one loads (to be reported), more than 8 do not fit the subnet plan. */
    public static final Range AVAILABILITY_ZONES = new Range(1, 8);
    /** AZs a topology may deploy with: below 2 {@code validate} fails with HA_SINGLE_AZ, as Terraform's check does. */
    public static final Range DEPLOYABLE_AVAILABILITY_ZONES = new Range(2, AVAILABILITY_ZONES.max());
    /** The VPC block's prefix length: AWS allows /16 at most; 16 subnet slots of at least /28 need a /24. */
    public static final Range VPC_PREFIX = new Range(16, 24);
    /** The TSDB volume (gp3 minimum in the compute module is 8 GiB; EBS maximum 16 TiB). */
    public static final Range STORAGE_SIZE_GIB = new Range(8, 16_384);
    /** ALB target group limits. */
    public static final Range HEALTH_CHECK_INTERVAL_SECONDS = new Range(5, 300);
    public static final Range HEALTH_CHECK_TIMEOUT_SECONDS = new Range(2, 120);
    public static final Range HEALTH_CHECK_THRESHOLD = new Range(2, 10);
    public static final Range DEREGISTRATION_DELAY_SECONDS = new Range(0, 3_600);
    public static final Range FAILOVER_BUDGET_SECONDS = new Range(1, 3_600);
    /** CIDRs an enabled public load balancer admits (no upper bound). */
    public static final Range PUBLIC_LB_ALLOWED_CIDRS = new Range(1, Long.MAX_VALUE);
    /** Failed requests a failover may cost; the upper end only keeps the number an int a user can mean. */
    public static final Range MAX_FAILED_REQUESTS = new Range(0, 1_000_000_000);

    private Limits() {
    }

    /** An inclusive range of whole numbers. */
    public record Range(long min, long max) {
        public Range {
            if (min > max) {
                throw new IllegalArgumentException("min " + min + " > max " + max);
            }
        }

        public boolean contains(long value) {
            return value >= min && value <= max;
        }

        /**
         * Returns {@code value} when it lies in the range.
         *
         * @throws TopologyException naming {@code field} with the range and the value otherwise
         */
        public int check(String field, long value) {
            return Checks.range(field, value, min, max);
        }

        @Override
        public String toString() {
            return min + ".." + max;
        }
    }
}
