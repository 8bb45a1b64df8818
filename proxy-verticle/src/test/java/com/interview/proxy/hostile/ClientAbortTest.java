package com.interview.proxy.hostile;

import com.interview.testing.TestVertx;
import com.interview.proxy.HttpProxy;
import com.interview.proxy.ProxyShared;
import com.interview.proxy.ProxyVerticle;
import com.interview.proxy.TestProxyConfig;
import com.interview.proxy.balance.ApiNodes;
import com.interview.proxy.balance.LoadTable;
import com.interview.proxy.balance.NodeLoad;
import com.interview.proxy.balance.Upstream;
import com.interview.proxy.config.ProxyConfig;
import com.interview.proxy.metrics.ProxyMetrics;
import com.interview.proxy.transport.BusWire;
import com.interview.testing.RawHttp;
import com.interview.testing.TestHttp;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One client must never take the site down: passive health counts only what the upstream did. The measured
 * outage of the issue exactly — a warm proxy, 20 requests from one address to an upstream path that takes 1 s, each
 * reset by the client after 0.3 s — and its neighbours (the client closing instead of resetting, stalling its body,
 * sending garbage), on the http transport and on the event bus. Afterwards every upstream is up with no failure
 * counted, {@code /health} is 200 and other clients are served; the access log says 499 for the abandoned ones.
 */
class ClientAbortTest {

  private HostileEdge edge;
  private Vertx busVertx;

  @AfterEach
  void stop() {
    if (edge != null) {
      edge.close();
    }
    if (busVertx != null) {
      TestHttp.await(busVertx.close());
    }
  }

  /**
   * {@code n} clients from {@code address}, all at once: each sends {@code request}, waits 0.3 s — and until
   * {@code out} says the requests reached the upstream side, when they should —, then aborts.
   */
  private static void abortAll(int port, String address, String request, int n, boolean reset,
                               java.util.function.BooleanSupplier out) throws InterruptedException {
    List<RawHttp> clients = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      clients.add(new RawHttp(address, port).send(request));
    }
    Thread.sleep(300); // the attack's pace
    HttpProxy.eventually("the requests are out on the upstream side", 10_000, out);
    for (RawHttp c : clients) {
      if (reset) {
        c.reset();
      } else {
        c.close();
      }
    }
  }

  private void assertSiteUp() {
    HttpProxy.eventually("no request in flight upstream", 10_000,
      () -> edge.shared().upstreams().servers().stream().allMatch(u -> u.inFlight() == 0));
    for (int i = 0; i < 3; i++) {
      Upstream u = edge.upstream(i);
      assertThat(u.state(System.nanoTime() / 1_000_000)).as("upstream %d", i).isEqualTo("up");
      assertThat(u.passive().fails()).as("failures counted against upstream %d", i).isZero();
    }
    assertThat(edge.metrics().registry().find("proxy.upstream.failures").counters()).as("failure metrics")
      .allSatisfy(c -> assertThat(c.count()).isZero());
    try (RawHttp other = edge.rawFrom("127.0.0.3")) {
      assertThat(other.send("GET /health HTTP/1.1\r\nHost: edge\r\n\r\n").read().status()).isEqualTo(200);
      for (int i = 0; i < 6; i++) {
        assertThat(other.send("GET /api/x HTTP/1.1\r\nHost: edge\r\n\r\n").read().status()).isEqualTo(200);
      }
    }
  }

  @DisplayName("the issue's outage: warm pool, 20 RSTs after 0.3 s on a 1 s path, twice → nothing marked down")
  @Test
  void resetsByOneClientNeverEjectAnUpstream(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("access.log");
    edge = HostileEdge.builder().accessLog(log.toString()).start();
    for (int i = 0; i < 30; i++) { // warm: pooled keep-alive connections to every upstream
      assertThat(edge.http().get(edge.port(), "/api/x").status()).isEqualTo(200);
    }
    int before = edge.upstreamHits();
    abortAll(edge.port(), "127.0.0.2", "GET /api/slow HTTP/1.1\r\nHost: edge\r\n\r\n", 20, true,
      () -> edge.upstreamHits() >= before + 20);
    assertSiteUp();
    int again = edge.upstreamHits();
    abortAll(edge.port(), "127.0.0.2", "GET /api/slow HTTP/1.1\r\nHost: edge\r\n\r\n", 20, true,
      () -> edge.upstreamHits() >= again + 20); // "every 30 s"
    assertSiteUp();
    HttpProxy.eventually("40 lines for the aborted requests", 10_000, () -> lines(log).stream()
      .filter(l -> l.contains("/api/slow")).count() == 40);
    assertThat(lines(log)).filteredOn(l -> l.contains("/api/slow")).allSatisfy(l -> assertThat(l).contains("\" 499 "));
  }

  @DisplayName("a client closing (FIN) mid-request, or stalling its body, never counts against an upstream")
  @Test
  void closesAndStalledBodiesNeverEjectAnUpstream() throws Exception {
    edge = HostileEdge.start();
    abortAll(edge.port(), "127.0.0.2", "GET /api/slow HTTP/1.1\r\nHost: edge\r\n\r\n", 20, false,
      () -> edge.upstreamHits() >= 20);
    abortAll(edge.port(), "127.0.0.2", "POST /api/x HTTP/1.1\r\nHost: edge\r\nContent-Length: 100\r\n\r\nhalf", 20, true,
      () -> true); // never forwarded: its body is not complete
    abortAll(edge.port(), "127.0.0.2", "GET /api/x\u0000 HTTP/1.1\r\nHost: edge\r\n\r\n", 10, true, () -> true);
    assertSiteUp();
  }

  @DisplayName("event bus: aborted requests leave no in-flight count behind (the node is not made to look loaded)")
  @Test
  void abortsOnTheBusLeaveTheNodeAsItWas() throws Exception {
    busVertx = TestVertx.create();
    ProxyMetrics metrics = new ProxyMetrics(new SimpleMeterRegistry());
    ApiNodes nodes = new ApiNodes(metrics);
    TestHttp.await(nodes.start(busVertx));
    java.util.concurrent.atomic.AtomicInteger arrived = new java.util.concurrent.atomic.AtomicInteger();
    busVertx.eventBus().<Buffer>consumer(BusWire.nodeAddress("n1"), m -> {
      arrived.incrementAndGet();
      busVertx.setTimer(m.headers().get(BusWire.PATH).startsWith("/api/slow") ? 1000 : 1,
        t -> m.reply(Buffer.buffer("ok"), new DeliveryOptions().setHeaders(MultiMap.caseInsensitiveMultiMap()
          .add(BusWire.STATUS, "200").add("Content-Type", "text/plain"))));
    });
    busVertx.setPeriodic(100, t -> busVertx.eventBus().publish(NodeLoad.ADDRESS,
      new NodeLoad("n1", 0, 64, 1.0, false).toJson()));
    HttpProxy.eventually("the node reported", 5000, () -> nodes.table().anyCandidate());
    ProxyConfig config = TestProxyConfig.defaults();
    ProxyShared shared = new ProxyShared(config, nodes.selector("n1"), () -> Future.succeededFuture(nodes.table().anyCandidate()),
      metrics);
    ProxyVerticle verticle = new ProxyVerticle(shared);
    TestHttp.await(busVertx.deployVerticle(verticle));
    int port = verticle.actualPort();

    abortAll(port, "127.0.0.2", "GET /api/slow HTTP/1.1\r\nHost: edge\r\n\r\n", 20, true, () -> arrived.get() >= 20);
    LoadTable.Node n1 = nodes.table().nodes().iterator().next();
    HttpProxy.eventually("the aborted requests answered and released", 10_000, () -> n1.ownInFlight() == 0);
    assertThat(n1.selections()).isEqualTo(20);
    try (RawHttp other = new RawHttp("127.0.0.3", port)) {
      assertThat(other.send("GET /health HTTP/1.1\r\nHost: edge\r\n\r\n").read().status()).isEqualTo(200);
      assertThat(other.send("GET /api/x HTTP/1.1\r\nHost: edge\r\n\r\n").read().status()).isEqualTo(200);
    }
    assertThat(n1.ownInFlight()).isZero();
    TestHttp.await(shared.close());
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
