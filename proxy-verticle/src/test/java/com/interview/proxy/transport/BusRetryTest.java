package com.interview.proxy.transport;

import com.interview.proxy.ProxyShared;
import com.interview.proxy.ProxyVerticle;
import com.interview.proxy.TestProxyConfig;
import com.interview.proxy.balance.ApiNodes;
import com.interview.proxy.balance.NodeLoad;
import com.interview.proxy.metrics.ProxyMetrics;
import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retries of the event-bus transport on a real event bus and a real load table: consumers play API nodes that
 * answer, never answer, or are not there, and report their load like the real ones until told to fall silent.
 * Read timeout 2 s (the test configuration); a retry on another node must come long before it when a node leaves.
 */
class BusRetryTest {

  private Vertx vertx;
  private TestHttp http;
  private ApiNodes nodes;
  private ProxyMetrics metrics;
  private int port;
  /** Nodes that report their load; the lower the in-flight, the likelier chosen. */
  private final ConcurrentHashMap<String, Integer> reporting = new ConcurrentHashMap<>();
  /** Nodes that take requests but never answer. */
  private final Set<String> mute = ConcurrentHashMap.newKeySet();
  /** "node method path" of every request a node received. */
  private final List<String> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    http = new TestHttp(vertx);
    metrics = ProxyMetrics.create();
    nodes = new ApiNodes(metrics);
    await(nodes.start(vertx));
    vertx.setPeriodic(100, t -> reporting.forEach((node, inFlight) ->
      vertx.eventBus().publish(NodeLoad.ADDRESS, new NodeLoad(node, inFlight, 8, 1, false).toJson())));
    ProxyShared shared = new ProxyShared(TestProxyConfig.defaults(), nodes.selector("proxy-jvm"),
      () -> Future.succeededFuture(true), metrics);
    ProxyVerticle verticle = new ProxyVerticle(shared);
    await(vertx.deployVerticle(verticle));
    port = verticle.actualPort();
  }

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  /** A node with a consumer; it reports {@code inFlight} (0 = preferred). */
  private void node(String id, int inFlight) {
    vertx.eventBus().<Buffer>consumer(BusWire.nodeAddress(id), m -> answer(id, m));
    ghost(id, inFlight);
  }

  /** A node that reports its load but has no consumer (it died an instant ago). */
  private void ghost(String id, int inFlight) {
    reporting.put(id, inFlight);
  }

  private void answer(String id, Message<Buffer> m) {
    received.add(id + " " + m.headers().get(BusWire.METHOD) + " " + m.headers().get(BusWire.PATH));
    if (mute.contains(id)) {
      return;
    }
    m.reply(new JsonObject().put("node", id).toBuffer(), new DeliveryOptions()
      .setHeaders(MultiMap.caseInsensitiveMultiMap().add(BusWire.STATUS, "200").add("Content-Type", "application/json")));
  }

  private void waitForReports() {
    long deadline = System.nanoTime() + 3_000_000_000L;
    while (nodes.table().nodes().size() < reporting.size() && System.nanoTime() < deadline) {
      sleep(20);
    }
    assertThat(nodes.table().nodes()).hasSize(reporting.size());
  }

  private Reply call(HttpMethod method, String uri) {
    return http.send(method, port, uri, null, method == HttpMethod.POST ? new JsonObject().toBuffer() : null);
  }

  @Test
  void aMessageNoOneReceivedIsRepeatedOnAnotherNodeWhateverTheMethod() {
    ghost("dead", 0);
    node("alive", 5);
    waitForReports();

    Reply post = call(HttpMethod.POST, "/api/interviews");
    assertThat(post.status()).isEqualTo(200);
    assertThat(post.json().getString("node")).isEqualTo("alive");
    assertThat(metrics.retries().count()).isEqualTo(1);
  }

  @Test
  void aGetOutOnANodeThatLeavesIsRepeatedAtOnceOnAnother() {
    node("leaving", 0);
    node("staying", 5);
    mute.add("leaving");
    waitForReports();
    vertx.setTimer(300, t -> {
      reporting.remove("leaving");
      nodes.nodeLeft("leaving"); // what Hazelcast membership tells
    });

    long t0 = System.nanoTime();
    Reply get = call(HttpMethod.GET, "/api/questions");
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.json().getString("node")).isEqualTo("staying");
    assertThat(ms).as("not the 2 s read timeout").isLessThan(1200);
    assertThat(received).containsExactly("leaving GET /api/questions", "staying GET /api/questions");
  }

  @Test
  void aGetOutOnANodeThatFallsSilentIsRepeatedOnAnotherWithinAboutASecond() {
    node("frozen", 0);
    node("fine", 5);
    mute.add("frozen");
    waitForReports();
    vertx.setTimer(100, t -> reporting.remove("frozen")); // frozen: no answer, no report (SIGSTOP)

    long t0 = System.nanoTime();
    Reply get = call(HttpMethod.GET, "/api/questions");
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.json().getString("node")).isEqualTo("fine");
    assertThat(ms).as("silent 1 s + a sweep, not the 2 s read timeout").isBetween(700L, 1800L);
  }

  @Test
  void aPostOutOnANodeThatLeavesIsNotRepeatedItMayHaveBeenDone() {
    node("leaving", 0);
    node("staying", 5);
    mute.add("leaving");
    waitForReports();
    vertx.setTimer(300, t -> {
      reporting.remove("leaving");
      nodes.nodeLeft("leaving");
    });

    long t0 = System.nanoTime();
    Reply post = call(HttpMethod.POST, "/api/interviews");
    assertThat(post.status()).isEqualTo(502);
    assertThat(post.json().getString("code")).isEqualTo("bad_gateway");
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1200);
    assertThat(received).containsExactly("leaving POST /api/interviews");
  }

  @Test
  void aPostOutOnANodeThatFallsSilentIsWaitedForNotRepeated() {
    node("slow", 0);
    node("other", 5);
    mute.add("slow");
    waitForReports();
    vertx.setTimer(100, t -> reporting.remove("slow")); // a long GC pause looks the same: the POST may yet be done

    Reply post = call(HttpMethod.POST, "/api/interviews");
    assertThat(post.status()).as("the read timeout").isEqualTo(504);
    assertThat(received).containsExactly("slow POST /api/interviews");
  }

  @Test
  void aTimedOutGetIsRepeatedOnAnotherNodeATimedOutPostIsNot() {
    node("mute", 0);
    node("talks", 5);
    mute.add("mute");
    waitForReports();

    Reply get = call(HttpMethod.GET, "/api/questions");
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.json().getString("node")).isEqualTo("talks");
    assertThat(received).containsExactly("mute GET /api/questions", "talks GET /api/questions");
  }

  @Test
  void whenEveryNodeFailsTheLastFailureIsTheAnswer() {
    ghost("gone-1", 0);
    ghost("gone-2", 1);
    waitForReports();

    Reply get = call(HttpMethod.GET, "/api/questions");
    assertThat(get.status()).isEqualTo(502);
    assertThat(metrics.retries().count()).as("one retry: two nodes, two tries").isEqualTo(1);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static <T> T await(Future<T> f) {
    return TestHttp.await(f);
  }
}
