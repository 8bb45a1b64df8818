package com.interview.proxy.balance;

import com.interview.testing.TestVertx;
import com.interview.proxy.metrics.ProxyMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static com.interview.testing.TestHttp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-node meters of {@link ApiNodes} as Prometheus sees them, on a real event bus: the selections are a counter
 * ({@code proxy_node_selections_total}) that appears with the node, counts every request sent to it, leaves with it
 * and starts from 0 when the node comes back; the gauges stay the same meters while the node stays (a meter removed
 * and added again can miss a scrape, and Prometheus marks the series stale).
 */
class ApiNodesMetricsTest {

  private Vertx vertx;
  private ApiNodes nodes;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @BeforeEach
  void start() {
    vertx = TestVertx.create();
    nodes = new ApiNodes(new ProxyMetrics(registry));
    await(nodes.start(vertx));
  }

  @AfterEach
  void stop() {
    await(nodes.stop(vertx));
    await(vertx.close());
  }

  /** Publishes one load report of {@code node} and waits until the table took it: a candidate for a second. */
  private void report(String node) {
    vertx.eventBus().publish(NodeLoad.ADDRESS, new NodeLoad(node, 0, 8, 1, false).toJson());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!nodes.table().anyCandidate()) {
      assertThat(System.nanoTime()).as("the report of " + node + " taken").isLessThan(deadline);
      await(vertx.timer(5));
    }
  }

  /** The Prometheus page once {@code done} holds for it (meters are refreshed every second). */
  private String scrapeUntil(Predicate<String> done, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String page = registry.scrape();
    while (!done.test(page)) {
      assertThat(System.nanoTime()).as(what + " within 10 s:\n" + page).isLessThan(deadline);
      await(vertx.timer(100));
      page = registry.scrape();
    }
    return page;
  }

  @Test
  void selectionsAreACounterPerNodeThatLeavesWithTheNodeAndRestartsFromZero() {
    var selector = nodes.selector("proxy-jvm");
    report("a");
    for (int i = 0; i < 3; i++) {
      assertThat(selector.select(null)).isEqualTo("a");
      selector.release("a");
    }
    String page = scrapeUntil(p -> p.contains("proxy_node_selections_total{node=\"a\"} 3.0"), "3 selections of a");
    assertThat(page).containsPattern("# TYPE proxy_node_selections(_total)? counter")
      .doesNotContainPattern("(?m)^proxy_node_selections\\{") // no gauge of the same name left
      .contains("proxy_node_capacity{node=\"a\"} 8.0").contains("proxy_node_in_flight{node=\"a\"} 0.0");

    // two more syncs (every second): the same meter objects, never taken out of the registry in between
    var capacity = registry.get("proxy.node.capacity").tag("node", "a").gauge();
    var sent = registry.get("proxy.node.selections").tag("node", "a").functionCounter();
    await(vertx.timer(2200));
    assertThat(registry.get("proxy.node.capacity").tag("node", "a").gauge()).isSameAs(capacity);
    assertThat(registry.get("proxy.node.selections").tag("node", "a").functionCounter()).isSameAs(sent);

    nodes.nodeLeft("a");
    scrapeUntil(p -> !p.contains("{node=\"a\"}"), "a's meters gone after it left");

    report("a");
    scrapeUntil(p -> p.contains("proxy_node_selections_total{node=\"a\"} 0.0"), "a counted from 0 again");
    report("a");
    assertThat(selector.select(null)).isEqualTo("a");
    scrapeUntil(p -> p.contains("proxy_node_selections_total{node=\"a\"} 1.0"), "a's new selection counted");
  }
}
