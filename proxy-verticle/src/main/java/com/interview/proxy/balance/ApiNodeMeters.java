package com.interview.proxy.balance;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The per-API-node meters of a proxy JVM, read live from the {@link LoadTable}'s entries. Prometheus names:
 * {@code proxy_node_selections_total{node}} (counter: requests this proxy JVM sent the node),
 * {@code proxy_node_in_flight{node}} (this proxy's requests out on it), {@code proxy_node_reported_in_flight{node}},
 * {@code proxy_node_capacity{node}}, {@code proxy_node_latency_ms{node}} (from the node's last load report).
 *
 * <p>A node's meters are registered when {@link #sync} first sees it and removed when it has left the table — never
 * removed and added again in between: a scrape that falls in such a gap misses the series, and Prometheus marks it
 * stale. A node that comes back is a new entry whose counter starts from 0 again (rate() takes it as a reset).
 */
final class ApiNodeMeters {

  private final MeterRegistry registry;
  private final Map<String, Registered> nodes = new ConcurrentHashMap<>();

  ApiNodeMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Registers the meters of new nodes and removes those of nodes no longer in {@code current}. */
  void sync(Collection<LoadTable.Node> current) {
    Set<String> present = new HashSet<>();
    for (LoadTable.Node n : current) {
      present.add(n.id());
      Registered known = nodes.get(n.id());
      if (known == null || known.node() != n) {
        if (known != null) {
          known.meters().forEach(registry::remove);
        }
        nodes.put(n.id(), new Registered(n, register(n)));
      }
    }
    nodes.values().removeIf(r -> {
      boolean gone = !present.contains(r.node().id());
      if (gone) {
        r.meters().forEach(registry::remove);
      }
      return gone;
    });
  }

  void removeAll() {
    nodes.values().forEach(r -> r.meters().forEach(registry::remove));
    nodes.clear();
  }

  private List<Meter> register(LoadTable.Node n) {
    Tags tags = Tags.of("node", n.id());
    return List.of(
      FunctionCounter.builder("proxy.node.selections", n, LoadTable.Node::selections).tags(tags)
        .description("Requests this proxy JVM sent the API node").register(registry),
      Gauge.builder("proxy.node.in.flight", n, LoadTable.Node::ownInFlight).tags(tags)
        .description("This proxy JVM's requests out on the API node").register(registry),
      Gauge.builder("proxy.node.reported.in.flight", n, reported(NodeLoad::inFlight)).tags(tags)
        .description("Requests in flight the API node reported, from every proxy").register(registry),
      Gauge.builder("proxy.node.capacity", n, reported(NodeLoad::capacity)).tags(tags)
        .description("The API node's capacity: API instances x concurrency").register(registry),
      Gauge.builder("proxy.node.latency.ms", n, reported(NodeLoad::latencyMs)).tags(tags)
        .description("The API node's moving average answer time").register(registry));
  }

  /** A value of the node's last report, 0 before the first. */
  private static ToDoubleFunction<LoadTable.Node> reported(ToDoubleFunction<NodeLoad> value) {
    return n -> {
      NodeLoad r = n.report();
      return r == null ? 0 : value.applyAsDouble(r);
    };
  }

  /** A node's entry in the table with the meters that read it (held here, so the meters' weak references live). */
  private record Registered(LoadTable.Node node, List<Meter> meters) {
  }
}
