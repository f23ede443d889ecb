package io.stackgate.verify.check;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * What of the stack a check disturbs while it runs and what its verdict reads. The {@link Verifier} runs
 * a check beside others only when neither disturbs what the other reads ({@link #conflicts}); two checks
 * that disturb the same part but read other parts may overlap, as an AZ of AWS can lose an Alertmanager
 * while a query node is replaced. A check that keeps the default, {@link #everything()}, runs alone.
 */
public record Footprint(Set<Part> disturbs, Set<Part> reads) {
    /** The parts of a stack a check can disturb or read. */
    public enum Part {
        /** Grafana's datasource path: the balancer, the query tier and the replicas' answers behind them. */
        DATASOURCE,
        /** Alerting: the replicas' rule evaluation and notifications, the Alertmanagers and their gossip. */
        ALERTING,
        /** Scraping: what every replica scrapes and the health of every target (each node is one). */
        SCRAPING,
        /**
         * Targets: which targets every replica discovers — the instances tagged for a job, the nodes of each
         * tier. A process killed on its instance leaves this alone (the target is still there, down).
         */
        TARGETS
    }

    public Footprint {
        disturbs = Set.copyOf(disturbs);
        reads = Set.copyOf(reads);
    }

    /** Disturbs and reads every part: the check runs alone. */
    public static Footprint everything() {
        return new Footprint(EnumSet.allOf(Part.class), EnumSet.allOf(Part.class));
    }

    /** Reads {@code parts} and disturbs nothing. */
    public static Footprint reading(Part... parts) {
        return new Footprint(Set.of(), Set.of(parts));
    }

    /** This footprint that also disturbs {@code parts}. */
    public Footprint disturbing(Part... parts) {
        EnumSet<Part> more = EnumSet.noneOf(Part.class);
        more.addAll(disturbs);
        more.addAll(Arrays.asList(parts));
        return new Footprint(more, reads);
    }

    /** Whether either disturbs what the other reads: then the two may not run at the same time. */
    public boolean conflicts(Footprint other) {
        return disturbs.stream().anyMatch(other.reads::contains) || other.disturbs.stream().anyMatch(reads::contains);
    }
}
