package io.stackgate.verify.report;

import io.stackgate.verify.result.CheckResult;
import io.stackgate.verify.result.Report;
import io.stackgate.verify.result.Status;
import io.stackgate.verify.result.Timeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reports built from formulas, never from random numbers, so every run renders the same bytes. */
final class SampleReports {
    static final String XSS = "<script>alert(1)</script>";

    private SampleReports() {
    }

    /** A realistic run: passes, two failures, a skip, two failover timelines, four figures. */
    static Report mixed() {
        List<CheckResult> checks = List.of(
                new CheckResult("config-identical", Status.PASSED, 0.41249,
                        "3 replicas serve the same config (replica label masked)",
                        List.of("prometheus-1 sha256 9f2c…e1", "prometheus-2 sha256 9f2c…e1", "prometheus-3 sha256 9f2c…e1")),
                new CheckResult("federation-global", Status.PASSED, 1.23456, "global layer sees 3 up{job=\"node\"}",
                        List.of()),
                new CheckResult("alerts-delivered-once", Status.FAILED, 15.0004,
                        "expected 1 Watchdog notification at the webhook, saw 3 " + XSS,
                        List.of("webhook received 3 notifications in 15 s (expected 1)",
                                "alertmanager-1 log tail:",
                                "level=warn ts=2025-05-14T09:12:40Z msg=\"Notify attempt failed\" err=\"<html> & 'quotes'\"",
                                XSS,
                                "labels: {alertname=\"Watchdog\", replica=\"r1\"} && {replica=\"r2\"}")),
                new CheckResult("grafana-datasource", Status.SKIPPED, 0.0,
                        "target local runs no Grafana (needs docker or live)", List.of()),
                new CheckResult("failover-prometheus", Status.PASSED, 31.5,
                        "10 of 105,000 requests failed during kill -9 (budget: 60 s to eject)",
                        List.of("haproxy: prometheus-1 DOWN at +12.4 s", "haproxy: prometheus-1 UP at +21.8 s")),
                new CheckResult("hang-prometheus", Status.FAILED, 30.0,
                        "1,204 requests failed while prometheus-2 was stopped (client timeout 2 s <= server timeout 2 s + retry)",
                        List.of("wrk: Non-2xx or 3xx responses: 1204", "haproxy: prometheus-2 DOWN at +11.2 s")));
        List<Timeline> timelines = List.of(killTimeline(), hangTimeline());
        Map<String, Double> figures = Map.of("time_to_ready_s", 0.7104, "failover_eject_s", 2.4,
                "rejoin_s", 9.8, "throughput_rps", 3512.4);
        return new Report("obs", "examples/obs-2az.yaml", "local", "2025-05-14T09:12:03Z", 81.2376, checks,
                timelines, figures);
    }

    /** 30 s of load at ~3,500 req/s in 0.5 s buckets; prometheus-1 killed at 10 s. */
    static Timeline killTimeline() {
        List<Timeline.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            double t = i * 0.5;
            int requests = 1750 + (i * 37 % 61) - 30;
            if (t >= 10 && t < 12.5) {
                requests -= 300; // a third of the capacity gone until the balancer ejects the node
            }
            int failures = t == 10.0 ? 7 : t == 10.5 ? 3 : 0;
            samples.add(new Timeline.Sample(t, requests, failures));
        }
        return new Timeline("failover-prometheus", "kill -9 prometheus-1", 0.5, 10.0, 12.4, 21.8, samples);
    }

    /** 30 s in 1 s buckets; prometheus-2 hung at 8 s, ejected at 11.2 s, never back. */
    static Timeline hangTimeline() {
        List<Timeline.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            int requests = 3400 + (i * 53 % 97);
            int failures = i >= 8 && i < 12 ? 301 : 0;
            samples.add(new Timeline.Sample(i, requests, failures));
        }
        return new Timeline("hang-prometheus", "kill -STOP prometheus-2", 1.0, 8.0, 11.2, null, samples);
    }

    /** Charts at the edges: no samples, all zeros, one sample, billions per second, markers at the right end. */
    static Report edgeCases() {
        List<Timeline> timelines = List.of(
                new Timeline("empty", "kill -9 prometheus-1", 1.0, 3.0, null, null, List.of()),
                new Timeline("zeros", "kill -9 prometheus-1", 1.0, 4.0, 6.0, null, steady(10, 0)),
                new Timeline("one-sample", "kill -9 prometheus-1", 2.0, 1.0, 1.5, 1.9,
                        List.of(new Timeline.Sample(0, 40, 2))),
                new Timeline("huge", "kill -9 prometheus-1 && kill -9 prometheus-2", 1.0, 50.0, 57.0, 58.5,
                        hugeSamples()));
        return new Report("edge", "builder", "docker", "2025-05-14T10:00:00Z", 5.0,
                List.of(new CheckResult("a-check-with-a-rather-long-name-that-needs-to-wrap", Status.SKIPPED, 0,
                        "docker not available", List.of())),
                timelines, Map.of());
    }

    private static List<Timeline.Sample> hugeSamples() {
        List<Timeline.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            samples.add(new Timeline.Sample(i, 1_900_000_000 + i * 1_000_000, i >= 50 && i < 57 ? 120_000_000 : 0));
        }
        return samples;
    }

    static Timeline timeline(double faultAt, List<Timeline.Sample> samples) {
        return new Timeline("failover-x", "kill -9 prometheus-1", 1.0, faultAt, null, null, samples);
    }

    /** One request per bucket over {@code seconds} seconds. */
    static List<Timeline.Sample> steady(int seconds, int perBucket) {
        List<Timeline.Sample> samples = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            samples.add(new Timeline.Sample(i, perBucket, 0));
        }
        return samples;
    }

    static Report withChecks(List<CheckResult> checks, List<Timeline> timelines) {
        return new Report("obs", "builder", "local", "2025-05-14T09:12:03Z", 3.0, checks, timelines, Map.of());
    }

    static CheckResult check(String name, Status status) {
        return new CheckResult(name, status, 0.1, status == Status.PASSED ? "" : name + " because", List.of());
    }
}
