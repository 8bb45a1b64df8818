package com.interview.app;

import com.interview.api.db.DatabaseTimeouts;
import com.interview.testing.FreezableRelay;
import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis holds only what may be lost: the node starts and serves without it, and says it is not ready — on
 * /health/ready and in its metrics ({@code app_health_ready}, {@code app_health_check_up{check}}). A frozen
 * PostgreSQL makes readiness DOWN within the statement bound, never liveness, until it answers again.
 */
class ReadinessTest {

  private static final Pattern ROW = Pattern.compile("^(app_health_\\w+)\\{([^}]*)} (\\S+)$", Pattern.MULTILINE);
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final List<Vertx> vertxes = new ArrayList<>();
  private final List<AppNode> nodes = new ArrayList<>();

  @AfterEach
  void shutdown() {
    for (AppNode n : nodes) {
      TestHttp.await(n.stop());
    }
    for (Vertx v : vertxes) {
      TestHttp.await(v.close());
    }
  }

  private AppNode start(Map<String, String> env) {
    Vertx vertx = TestNode.vertx();
    vertxes.add(vertx);
    AppNode node = TestNode.start(vertx, TestNode.config(env));
    nodes.add(node);
    return node;
  }

  private static String redisOnADeadPort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return "redis://127.0.0.1:" + s.getLocalPort(); // closed again: nothing listens there
    }
  }

  @Test
  void redisOnADeadPortMakesReadiness503WhileTheApiStillServes() throws Exception {
    AppNode node = start(Map.of("REDIS_URL", redisOnADeadPort()));
    TestHttp http = new TestHttp(vertxes.get(0));

    Reply ready = http.get(node.managementPort(), "/health/ready");
    assertThat(ready.status()).isEqualTo(503);
    Reply detail = http.get(node.managementPort(), "/health");
    assertThat(detail.status()).isEqualTo(503);
    JsonObject redis = detail.json().getJsonArray("checks").stream().map(JsonObject.class::cast)
      .filter(c -> c.getString("id").equals("redis")).findFirst().orElseThrow();
    assertThat(redis.getString("status")).isEqualTo("DOWN");
    assertThat(http.get(node.managementPort(), "/health/live").status()).isEqualTo(200);

    Reply publicHealth = http.get(node.proxyPort(), "/health");
    assertThat(publicHealth.status()).isEqualTo(503);
    assertThat(publicHealth.json()).isEqualTo(new JsonObject().put("status", "DOWN"));

    Reply index = http.send(io.vertx.core.http.HttpMethod.GET, node.proxyPort(), "/api",
      io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("Accept", "application/json"), null);
    assertThat(index.status()).isEqualTo(200); // the API still serves
  }

  @Test
  void aFrozenDatabaseMakesReadiness503WithinTheBoundWhileLivenessStaysUpAndReadinessComesBack() {
    Vertx relayVertx = Vertx.vertx();
    vertxes.add(relayVertx);
    FreezableRelay relay = FreezableRelay.inFrontOf(relayVertx, TestNode.DATABASE_URL, 5432);
    AppNode node = start(Map.of("DATABASE_URL", relay.relaying(TestNode.DATABASE_URL)));
    TestHttp http = new TestHttp(vertxes.get(0));
    assertThat(http.get(node.managementPort(), "/health/ready").status()).isEqualTo(200);

    relay.freeze();
    long bound = DatabaseTimeouts.DEFAULT_STATEMENT.toMillis();
    long started = System.nanoTime();
    Reply ready = http.get(node.managementPort(), "/health/ready");
    long tookMs = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertThat(ready.status()).isEqualTo(503);
    assertThat(tookMs).as("readiness answered after " + tookMs + " ms").isLessThan(bound + 1500);
    JsonObject database = http.get(node.managementPort(), "/health").json().getJsonArray("checks").stream()
      .map(JsonObject.class::cast).filter(c -> c.getString("id").equals("database")).findFirst().orElseThrow();
    assertThat(database.getString("status")).isEqualTo("DOWN");
    assertThat(http.get(node.managementPort(), "/health/live").status()).isEqualTo(200);

    relay.thaw();
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
    int status;
    do {
      status = http.get(node.managementPort(), "/health/ready").status();
    } while (status != 200 && System.nanoTime() < deadline);
    assertThat(status).as("ready again after the thaw").isEqualTo(200);
  }

  @Test
  void eachNodeExportsItsOwnHealthAsGaugesAndTakesThemAlongWhenItStops() throws Exception {
    // two nodes in one JVM share the default registry: each series must still be its own node's
    AppNode healthy = start(Map.of());
    AppNode broken = start(Map.of("REDIS_URL", redisOnADeadPort()));
    TestHttp http = new TestHttp(vertxes.get(0));

    String ready = "app_health_ready node=" + healthy.nodeId();
    String notReady = "app_health_ready node=" + broken.nodeId();
    Map<String, Double> rows = awaitRows(http, broken.managementPort(), m -> m.containsKey(ready)
      && m.containsKey(notReady) && m.containsKey(check(broken, "redis")), "both nodes' app_health_ready");
    assertThat(rows).containsEntry(notReady, 0.0)
      .containsEntry(check(broken, "redis"), 0.0)
      .containsEntry(check(broken, "database"), 1.0)
      .containsEntry(check(broken, "eventbus"), 1.0)
      .containsEntry(ready, 1.0)
      .containsEntry(check(healthy, "redis"), 1.0)
      .containsEntry(check(healthy, "database"), 1.0)
      .doesNotContainKey(check(healthy, "cluster")); // not clustered: no such check, no such series
    assertThat(http.get(broken.managementPort(), "/health/ready").status()).isEqualTo(503);
    assertThat(http.get(healthy.managementPort(), "/health/ready").status()).isEqualTo(200);

    TestHttp.await(broken.stop());
    Map<String, Double> after = rows(http, healthy.managementPort());
    assertThat(after).containsEntry(ready, 1.0);
    assertThat(after.keySet()).noneMatch(k -> k.contains(broken.nodeId()));
  }

  private static String check(AppNode node, String check) {
    return "app_health_check_up check=" + check + " node=" + node.nodeId();
  }

  /** Polls /metrics (the checks run every 5 s, the first at start) until {@code done} holds. */
  private static Map<String, Double> awaitRows(TestHttp http, int port, java.util.function.Predicate<Map<String, Double>> done,
                                               String what) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    Map<String, Double> rows = rows(http, port);
    while (!done.test(rows)) {
      assertThat(System.nanoTime()).as(what + " within 20 s: " + rows).isLessThan(deadline);
      TestHttp.await(http.vertx().timer(100));
      rows = rows(http, port);
    }
    return rows;
  }

  /** The app_health_* rows of a node's Prometheus page: "name label=value ..." (labels sorted) → value. */
  private static Map<String, Double> rows(TestHttp http, int port) {
    Map<String, Double> rows = new HashMap<>();
    Matcher row = ROW.matcher(http.get(port, "/metrics").text());
    while (row.find()) {
      List<String> labels = new ArrayList<>();
      Matcher label = LABEL.matcher(row.group(2));
      while (label.find()) {
        labels.add(label.group(1) + "=" + label.group(2));
      }
      labels.sort(null);
      rows.put(row.group(1) + " " + String.join(" ", labels), Double.parseDouble(row.group(3)));
    }
    return rows;
  }
}
