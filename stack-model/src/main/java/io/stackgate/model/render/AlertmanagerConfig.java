package io.stackgate.model.render;

import static io.stackgate.model.render.Yaml.map;

import io.stackgate.model.Alertmanager;
import io.stackgate.model.Receiver;
import io.stackgate.model.Route;
import io.stackgate.model.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code alertmanager.yml}: the topology's receivers, a route that sends Watchdog to a null
 * receiver (it proves the pipeline, it must never page), and inhibitions so that a group-down alert
 * silences the per-replica ones. Locally every receiver URL points at the in-process webhook.
 */
final class AlertmanagerConfig {
    static final String WATCHDOG_RECEIVER = "watchdog";

    private AlertmanagerConfig() {
    }

    static String render(Topology t, Deployment d) {
        Alertmanager am = t.alertmanager();
        Route r = am.route();
        List<Object> receivers = new ArrayList<>();
        for (Receiver rec : am.receivers()) {
            String url = d instanceof Deployment.Local l ? l.webhookUrl() + "/" + rec.name()
                    : d instanceof Deployment.Aws a && a.isEmulated() ? a.emulation().webhookUrl() + "/" + rec.name()
                    : rec.webhookUrl();
            receivers.add(map("name", rec.name(),
                    "webhook_configs", List.of(map("url", url, "send_resolved", true))));
        }
        receivers.add(map("name", WATCHDOG_RECEIVER));
        Map<String, Object> route = map(
                "receiver", am.receivers().get(0).name(),
                "group_by", r.groupBy(),
                "group_wait", tempo(d, r.groupWait().text(), true),
                "group_interval", tempo(d, r.groupInterval().text(), false),
                "repeat_interval", r.repeatInterval().text(),
                "routes", List.of(map("receiver", WATCHDOG_RECEIVER,
                        "matchers", List.of("alertname=\"Watchdog\""), "repeat_interval", "1h")));
        List<Object> inhibit = List.of(
                map("source_matchers", List.of("alertname=\"PrometheusHAGroupDown\""),
                        "target_matchers", List.of("alertname=\"PrometheusReplicaDown\""),
                        "equal", List.of("stack")),
                map("source_matchers", List.of("severity=\"critical\""),
                        "target_matchers", List.of("severity=\"warning\""),
                        "equal", List.of("alertname", "job", "instance")));
        Map<String, Object> root = map("global", map("resolve_timeout", "5m"), "route", route,
                "inhibit_rules", inhibit, "receivers", receivers);
        return Yaml.write(Yaml.header("Alertmanager configuration shared by every instance", t.name()), root);
    }

    private static String tempo(Deployment d, String normal, boolean wait) {
        Integer s = Deployment.tempoOf(d).map(x -> wait ? x.groupWaitSeconds() : x.groupIntervalSeconds()).orElse(null);
        return s != null ? s + "s" : normal;
    }
}
