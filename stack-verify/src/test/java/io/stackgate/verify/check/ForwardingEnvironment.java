package io.stackgate.verify.check;

import io.stackgate.model.Topology;
import io.stackgate.model.render.Bundle;
import io.stackgate.verify.env.Environment;
import io.stackgate.verify.env.Http;
import io.stackgate.verify.env.Node;
import io.stackgate.verify.env.Tier;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An environment that forwards to another; tests override one method to break the stack on purpose. */
class ForwardingEnvironment implements Environment {
    final Environment delegate;

    ForwardingEnvironment(Environment delegate) {
        this.delegate = delegate;
    }

    @Override public String target() { return delegate.target(); }
    @Override public Topology topology() { return delegate.topology(); }
    @Override public Bundle bundle() { return delegate.bundle(); }
    @Override public List<Node> nodes(Tier tier) { return delegate.nodes(tier); }
    @Override public Optional<String> unavailable(Tier tier) { return delegate.unavailable(tier); }
    @Override public URI prometheusLoadBalancer() { return delegate.prometheusLoadBalancer(); }
    @Override public Duration checkWindow() { return delegate.checkWindow(); }
    @Override public Duration hungRequestBudget() { return delegate.hungRequestBudget(); }
    @Override public boolean inService(Node node) { return delegate.inService(node); }
    @Override public String replicaOf(Node node) { return delegate.replicaOf(node); }
    @Override public void kill(Node node) { delegate.kill(node); }
    @Override public void freeze(Node node) { delegate.freeze(node); }
    @Override public void resume(Node node) { delegate.resume(node); }
    @Override public void replace(Node node) { delegate.replace(node); }
    @Override public void writePrometheusConfig(String yaml) { delegate.writePrometheusConfig(yaml); }
    @Override public String prometheusConfig() { return delegate.prometheusConfig(); }
    @Override public Http.Response reload(Node node) { return delegate.reload(node); }
    @Override public String logTail(Node node, int lines) { return delegate.logTail(node, lines); }
    @Override public Optional<AlertSink> alertSink() { return delegate.alertSink(); }
    @Override public Map<String, Double> figures() { return delegate.figures(); }
    @Override public void close() { delegate.close(); }
}
