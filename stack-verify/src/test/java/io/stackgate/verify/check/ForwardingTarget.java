package io.stackgate.verify.check;

import io.stackgate.model.Topology;
import io.stackgate.model.render.Bundle;
import io.stackgate.verify.target.Balancer;
import io.stackgate.verify.target.Capabilities;
import io.stackgate.verify.target.Capability;
import io.stackgate.verify.target.Node;
import io.stackgate.verify.target.Target;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** A target that forwards to another with one capability swapped: tests break the stack on purpose with it. */
final class ForwardingTarget implements Target {
    private final Target delegate;
    private final Capabilities capabilities;
    private final Topology topology;

    private ForwardingTarget(Target delegate, Capabilities capabilities) {
        this(delegate, capabilities, delegate.topology());
    }

    private ForwardingTarget(Target delegate, Capabilities capabilities, Topology topology) {
        this.delegate = delegate;
        this.capabilities = capabilities;
        this.topology = topology;
    }

    /** The delegate judged against another topology (e.g. a tighter budget) — the stack itself unchanged. */
    static ForwardingTarget withTopology(Target delegate, Topology topology) {
        return new ForwardingTarget(delegate, delegate.capabilities(), topology);
    }

    static <C extends Capability> ForwardingTarget replacing(Target delegate, Class<C> type, C replacement) {
        return new ForwardingTarget(delegate, delegate.capabilities().with(type, replacement));
    }

    static ForwardingTarget lacking(Target delegate, Class<? extends Capability> type, String reason) {
        return new ForwardingTarget(delegate, delegate.capabilities().without(type, reason));
    }

    /** The delegate's balancer, but Grafana's datasource reads {@code datasource} (the mistake under test). */
    static ForwardingTarget withDatasource(Target delegate, URI datasource) {
        Balancer real = delegate.require(Balancer.class);
        return replacing(delegate, Balancer.class, new Balancer() {
            @Override
            public URI datasource() {
                return datasource;
            }

            @Override
            public boolean inService(Node node) {
                return real.inService(node);
            }

            @Override
            public Duration checkWindow() {
                return real.checkWindow();
            }

            @Override
            public Duration hungRequestBudget() {
                return real.hungRequestBudget();
            }

            @Override
            public double realClockFactor() {
                return real.realClockFactor();
            }
        });
    }

    @Override public String name() { return delegate.name(); }
    @Override public Topology topology() { return topology; }
    @Override public Bundle bundle() { return delegate.bundle(); }
    @Override public Capabilities capabilities() { return capabilities; }
    @Override public Map<String, Double> figures() { return delegate.figures(); }
    @Override public void close() { delegate.close(); }
}
