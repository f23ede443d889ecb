package io.stackgate.aws.chaos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stackgate.aws.chaos.Journal.Event;
import io.stackgate.aws.chaos.Journal.Hypothesis;
import io.stackgate.aws.chaos.Journal.Rollback;
import io.stackgate.aws.chaos.Journal.Step;
import io.stackgate.verify.result.CheckResult;
import io.stackgate.verify.target.ControlPlane.Fault;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

/**
 * {@code journal.json}: the Chaos Toolkit journal's shape ({@code experiment}, {@code status},
 * {@code deviated}, {@code steady_states.before/after} with each probe, {@code run} with each
 * action, {@code rollbacks}) plus stackgate's {@code plan}, the {@link Fault} records and the
 * {@code timeline}. Keys in a fixed order, fault details sorted, seconds rounded to 3 decimals.
 */
public final class JournalJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JournalJson() {
    }

    public static byte[] render(Journal j) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode experiment = root.putObject("experiment");
        experiment.put("name", j.plan().experiment().id());
        experiment.put("title", j.plan().experiment().title());
        experiment.put("claim", j.plan().experiment().claim());
        experiment.put("stack", j.plan().stack());
        experiment.put("zone", j.plan().zone());
        experiment.put("target", j.target());
        experiment.put("source", j.source());
        root.put("status", j.status().id());
        root.put("deviated", j.status() == Journal.Outcome.DEVIATED);
        root.put("reason", j.reason());
        root.put("start", j.startedAt());
        root.put("duration", round(j.seconds()));
        ArrayNode plan = root.putArray("plan");
        j.plan().describe().forEach(plan::add);
        ObjectNode states = root.putObject("steady_states");
        states.set("before", j.before() == null ? MAPPER.nullNode() : hypothesis(j.before()));
        j.after().ifPresentOrElse(a -> states.set("after", hypothesis(a)), () -> states.putNull("after"));
        ArrayNode run = root.putArray("run");
        for (Step s : j.method()) {
            ObjectNode a = run.addObject();
            a.put("type", "action");
            a.put("name", s.action());
            a.put("on", s.on());
            a.put("status", s.error().isPresent() ? "failed" : "succeeded");
            a.put("start", round(s.startSeconds()));
            a.put("duration", round(s.seconds()));
            s.fault().ifPresentOrElse(f -> a.set("fault", fault(f)), () -> a.putNull("fault"));
            a.put("effect", s.effect());
            s.error().ifPresentOrElse(e -> a.put("error", e), () -> a.putNull("error"));
        }
        ArrayNode rollbacks = root.putArray("rollbacks");
        for (Rollback r : j.rollbacks()) {
            ObjectNode o = rollbacks.addObject();
            o.put("type", "action");
            o.put("name", "rollback " + r.action());
            o.put("status", r.ok() ? "succeeded" : "failed");
            o.put("start", round(r.startSeconds()));
            o.put("duration", round(r.seconds()));
            ArrayNode done = o.putArray("done");
            r.done().forEach(done::add);
            ArrayNode unchanged = o.putArray("unchanged");
            r.unchanged().forEach(unchanged::add);
            r.error().ifPresentOrElse(e -> o.put("error", e), () -> o.putNull("error"));
        }
        ArrayNode timeline = root.putArray("timeline");
        for (Event e : j.timeline()) {
            ObjectNode o = timeline.addObject();
            o.put("t", round(e.t()));
            o.put("phase", e.phase());
            o.put("event", e.what());
        }
        try {
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter();
            printer.indentArraysWith(new DefaultIndenter("  ", "\n"));
            printer.indentObjectsWith(new DefaultIndenter("  ", "\n"));
            return (MAPPER.writer(printer).writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain nodes always serialises", e);
        }
    }

    private static ObjectNode hypothesis(Hypothesis h) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("steady_state_met", h.met());
        o.put("start", round(h.startSeconds()));
        o.put("duration", round(h.seconds()));
        ArrayNode probes = o.putArray("probes");
        for (CheckResult r : h.probes()) {
            ObjectNode p = probes.addObject();
            p.put("name", r.name());
            p.put("status", r.status().name());
            p.put("duration", round(r.seconds()));
            p.put("detail", r.detail());
            ArrayNode ev = p.putArray("evidence");
            r.evidence().forEach(ev::add);
        }
        return o;
    }

    private static ObjectNode fault(Fault f) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("action", f.action());
        o.put("zone", f.zone());
        ArrayNode ids = o.putArray("instanceIds");
        f.instanceIds().forEach(ids::add);
        ObjectNode details = o.putObject("details");
        new TreeMap<>(f.details()).forEach(details::put);
        o.put("at", f.at().toString());
        return o;
    }

    private static double round(double v) {
        double r = BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_UP).doubleValue();
        return r == 0.0 ? 0.0 : r;
    }
}
