package com.interview.proxy.balance;

import com.interview.proxy.chain.ProxyExchange;
import com.interview.proxy.metrics.ProxyMetrics;
import com.interview.proxy.transport.NodeSelector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * The API nodes of the cluster as this proxy JVM sees them (the event-bus transport's upstream group): listens to
 * the load reports on {@code api.load}, forgets a node that leaves the cluster at once ({@link #nodeLeft}) or stays
 * silent for {@link #STALE_MS}, and chooses least-loaded nodes. Requests out on a node that leaves — or, for
 * idempotent ones, falls silent — are ended within {@link #SWEEP_MS} so they can be repeated elsewhere. Publishes per-node meters
 * ({@link ApiNodeMeters}: {@code proxy_node_selections_total{node}}, {@code proxy_node_in_flight{node}} ...), for the
 * nodes in the table as seen every second.
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
  private ApiNodeMeters meters;

  public ApiNodes(ProxyMetrics metrics) {
    this.metrics = metrics;
  }

  public Future<Void> start(Vertx vertx) {
    meters = new ApiNodeMeters(metrics.registry());
    metricsTimer = vertx.setPeriodic(1000, t -> meters.sync(table.nodes()));
    sweepTimer = vertx.setPeriodic(SWEEP_MS, t -> table.sweep());
    consumer = vertx.eventBus().consumer(NodeLoad.ADDRESS, m -> table.report(NodeLoad.fromJson(m.body())));
    return consumer.completion();
  }

  public Future<Void> stop(Vertx vertx) {
    if (metricsTimer >= 0) {
      vertx.cancelTimer(metricsTimer);
      vertx.cancelTimer(sweepTimer);
    }
    if (meters != null) {
      meters.removeAll();
    }
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
}
