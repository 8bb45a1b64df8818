package com.interview.proxy.balance;

import com.interview.proxy.chain.ProxyExchange;
import com.interview.proxy.metrics.ProxyMetrics;
import com.interview.proxy.transport.NodeSelector;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API nodes of the cluster as this proxy JVM sees them (the event-bus transport's upstream group): listens to
 * the load reports on {@code api.load}, forgets a node that leaves the cluster at once ({@link #nodeLeft}) or stays
 * silent for {@link #STALE_MS}, and chooses least-loaded nodes. Requests out on a node that leaves — or, for
 * idempotent ones, falls silent — are ended within {@link #SWEEP_MS} so they can be repeated elsewhere. Publishes per-node meters,
 * refreshed every second: the counter {@code proxy_node_selections_total{node}} (requests this proxy JVM sent the
 * node: registered when the node is first seen, removed when it leaves; a node that comes back counts from 0 again,
 * which Prometheus' rate() takes as a reset), and the gauges {@code proxy_node_in_flight{node}} (this proxy's),
 * {@code proxy_node_reported_in_flight{node}}, {@code proxy_node_capacity{node}}, {@code proxy_node_latency_ms{node}}.
 */
public final class ApiNodes {

  /** A node silent for this long is out. */
  public static final long STALE_MS = 1000;
  /** How often requests out on silent nodes are looked for. */
  static final long SWEEP_MS = 200;

  private final LoadTable table = new LoadTable(STALE_MS);
  private final ProxyMetrics metrics;
  private MessageConsumer<JsonObject> consumer;
  private long metricsTimer = -1;
  private long sweepTimer = -1;
  /** The selection counter of each node in the table, with the table's entry it reads. */
  private final Map<String, Selections> selections = new ConcurrentHashMap<>();
  private MultiGauge ownInFlight;
  private MultiGauge reportedInFlight;
  private MultiGauge capacity;
  private MultiGauge latency;

  public ApiNodes(ProxyMetrics metrics) {
    this.metrics = metrics;
  }

  public Future<Void> start(Vertx vertx) {
    var registry = metrics.registry();
    ownInFlight = MultiGauge.builder("proxy.node.in.flight").register(registry);
    reportedInFlight = MultiGauge.builder("proxy.node.reported.in.flight").register(registry);
    capacity = MultiGauge.builder("proxy.node.capacity").register(registry);
    latency = MultiGauge.builder("proxy.node.latency.ms").register(registry);
    metricsTimer = vertx.setPeriodic(1000, t -> refreshMeters());
    sweepTimer = vertx.setPeriodic(SWEEP_MS, t -> table.sweep());
    consumer = vertx.eventBus().consumer(NodeLoad.ADDRESS, m -> table.report(NodeLoad.fromJson(m.body())));
    return consumer.completion();
  }

  public Future<Void> stop(Vertx vertx) {
    if (metricsTimer >= 0) {
      vertx.cancelTimer(metricsTimer);
      vertx.cancelTimer(sweepTimer);
    }
    selections.values().forEach(s -> metrics.registry().remove(s.counter()));
    selections.clear();
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  /** The node left the cluster (membership): no request goes to it any more. */
  public void nodeLeft(String nodeId) {
    table.remove(nodeId);
  }

  public LoadTable table() {
    return table;
  }

  /** A selector preferring {@code localNode} on ties. */
  public NodeSelector selector(String localNode) {
    return new NodeSelector() {
      @Override
      public String select(ProxyExchange exchange) {
        return table.select(localNode);
      }

      @Override
      public String select(ProxyExchange exchange, Set<String> tried) {
        return table.select(localNode, tried);
      }

      @Override
      public void release(String nodeId) {
        table.end(nodeId);
      }

      @Override
      public boolean isLocal(String nodeId) {
        return nodeId.equals(localNode);
      }

      @Override
      public Runnable whenGone(String nodeId, boolean orSilent, Runnable onGone) {
        return table.whenGone(nodeId, orSilent, onGone);
      }
    };
  }

  private void refreshMeters() {
    List<MultiGauge.Row<?>> own = new ArrayList<>();
    List<MultiGauge.Row<?>> rep = new ArrayList<>();
    List<MultiGauge.Row<?>> cap = new ArrayList<>();
    List<MultiGauge.Row<?>> lat = new ArrayList<>();
    for (LoadTable.Node n : table.nodes()) {
      Tags tags = Tags.of("node", n.id());
      NodeLoad r = n.report();
      own.add(MultiGauge.Row.of(tags, n.ownInFlight()));
      rep.add(MultiGauge.Row.of(tags, r == null ? 0 : r.inFlight()));
      cap.add(MultiGauge.Row.of(tags, r == null ? 0 : r.capacity()));
      lat.add(MultiGauge.Row.of(tags, r == null ? 0 : r.latencyMs()));
    }
    countSelections();
    ownInFlight.register(own, true);
    reportedInFlight.register(rep, true);
    capacity.register(cap, true);
    latency.register(lat, true);
  }

  /** A counter per node in the table; a node that left is dropped, one that came back is a new entry (from 0). */
  private void countSelections() {
    var registry = metrics.registry();
    Set<String> present = new java.util.HashSet<>();
    for (LoadTable.Node n : table.nodes()) {
      present.add(n.id());
      Selections known = selections.get(n.id());
      if (known == null || known.node() != n) {
        if (known != null) {
          registry.remove(known.counter());
        }
        selections.put(n.id(), new Selections(n, FunctionCounter.builder("proxy.node.selections", n,
          LoadTable.Node::selections).tag("node", n.id()).description("Requests this proxy JVM sent the API node")
          .register(registry)));
      }
    }
    selections.values().removeIf(s -> {
      boolean gone = !present.contains(s.node().id());
      if (gone) {
        registry.remove(s.counter());
      }
      return gone;
    });
  }

  private record Selections(LoadTable.Node node, FunctionCounter counter) {
  }
}
