package com.interview.app.management;

import com.interview.api.db.DataStores;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.spi.cluster.hazelcast.ClusterHealthCheck;

import java.time.Duration;

/**
 * The health checks of one JVM (vertx-health-check), each bounded by {@code management.healthTimeout}:
 * {@code database} and {@code redis} where API verticles run, {@code eventbus} (a round trip to this node's
 * management consumer), {@code cluster} when clustered (Hazelcast partitions safe). Readiness = all UP.
 */
public final class NodeHealth {

  /** Address of the event-bus ping consumer of a node: {@code mgmt.ping.<nodeId>}. */
  public static final String PING_PREFIX = "mgmt.ping.";

  private final HealthChecks checks;

  private NodeHealth(HealthChecks checks) {
    this.checks = checks;
  }

  public static NodeHealth create(Vertx vertx, String nodeId, DataStores stores, Duration timeout) {
    long ms = timeout.toMillis();
    HealthChecks checks = HealthChecks.create(vertx);
    checks.register("eventbus", ms, p -> outcome(p, vertx.eventBus().request(PING_PREFIX + nodeId, "ping",
      new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(ms)).mapEmpty()));
    if (stores != null) {
      checks.register("database", ms, p -> outcome(p, stores.pingDatabase()));
      checks.register("redis", ms, p -> outcome(p, stores.pingRedis()));
    }
    if (vertx.isClustered()) {
      checks.register("cluster", ms, ClusterHealthCheck.createProcedure(vertx));
    }
    return new NodeHealth(checks);
  }

  /**
   * {@code upstreams}: UP while at least one upstream server of the http transport can take a request; the data
   * lists every server with its state (up, down, draining, drained, disabled) and in-flight count.
   */
  public void watchUpstreams(com.interview.proxy.balance.UpstreamGroup group) {
    checks.register("upstreams", p -> {
      long now = System.nanoTime() / 1_000_000;
      io.vertx.core.json.JsonArray servers = new io.vertx.core.json.JsonArray();
      for (var u : group.servers()) {
        servers.add(new JsonObject().put("url", u.url()).put("state", u.state(now)).put("inFlight", u.inFlight()));
      }
      JsonObject data = new JsonObject().put("servers", servers);
      p.complete(group.anyEligible(now) ? Status.OK(data) : Status.KO(data));
    });
  }

  /** {@code apiNodes}: UP while at least one API node of the cluster reports and is not draining. */
  public void watchApiNodes(com.interview.proxy.balance.LoadTable table) {
    checks.register("apiNodes", p -> {
      io.vertx.core.json.JsonArray nodes = new io.vertx.core.json.JsonArray();
      for (var n : table.nodes()) {
        var r = n.report();
        nodes.add(new JsonObject().put("node", n.id()).put("inFlight", r == null ? 0 : r.inFlight())
          .put("capacity", r == null ? 0 : r.capacity()).put("draining", r != null && r.draining()));
      }
      JsonObject data = new JsonObject().put("nodes", nodes);
      p.complete(table.anyCandidate() ? Status.OK(data) : Status.KO(data));
    });
  }

  public HealthChecks checks() {
    return checks;
  }

  /** Whether every check is UP. */
  public Future<Boolean> ready() {
    return checks.checkStatus().map(CheckResult::getUp);
  }

  private static void outcome(Promise<Status> promise, Future<Void> probe) {
    probe.onComplete(ar -> promise.tryComplete(ar.succeeded() ? Status.OK()
      : Status.KO(new JsonObject().put("error", String.valueOf(ar.cause().getMessage())))));
  }
}
