package com.interview.proxy.transport;

import com.interview.testing.TestVertx;
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

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retries of the event-bus transport on a real event bus and a real load table: consumers play API nodes that
 * answer, never answer, or are not there, and report their load like the real ones until told to fall silent. A node
 * leaves or falls silent when the request reaches it, never at a guessed moment. Where a test tells "repeated because
 * the node left or fell silent" from "repeated after the read timeout", the read timeout is far away (30 s); where
 * the read timeout itself answers, it is the test configuration's 2 s.
 */
class BusRetryTest {

  /** Far longer than a node's silence (ApiNodes.STALE_MS) or a membership change, on any machine. */
  private static final Duration FAR = Duration.ofSeconds(30);

  private Vertx vertx;
  private TestHttp http;
  private ApiNodes nodes;
  private ProxyMetrics metrics;
  private int port;
  /** Nodes that report their load; the lower the in-flight, the likelier chosen. */
  private final ConcurrentHashMap<String, Integer> reporting = new ConcurrentHashMap<>();
  /** When each node's last load report was published (System.nanoTime, the load table's clock). */
  private final ConcurrentHashMap<String, Long> reportedAt = new ConcurrentHashMap<>();
  /** Nodes that take requests but never answer. */
  private final Set<String> mute = ConcurrentHashMap.newKeySet();
  /** What a node does when a request reaches it, before answering (or not). */
  private final ConcurrentHashMap<String, Runnable> onReceive = new ConcurrentHashMap<>();
  /** "node method path" of every request a node received. */
  private final List<String> received = new CopyOnWriteArrayList<>();
  /** When each node received its last request (System.nanoTime). */
  private final ConcurrentHashMap<String, Long> receivedAt = new ConcurrentHashMap<>();

  @BeforeEach
  void start() {
    vertx = TestVertx.create();
    http = new TestHttp(vertx);
    metrics = ProxyMetrics.create();
    nodes = new ApiNodes(metrics);
    await(nodes.start(vertx));
    vertx.setPeriodic(100, t -> reporting.forEach((node, inFlight) -> {
      reportedAt.put(node, System.nanoTime()); // before it is sent: the table's "seen" can only be later
      vertx.eventBus().publish(NodeLoad.ADDRESS, new NodeLoad(node, inFlight, 8, 1, false).toJson());
    }));
  }

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  /** A proxy on the nodes' table with {@code read} as its read timeout. */
  private void proxy(Duration read) {
    ProxyShared shared = new ProxyShared(ProxyTimeouts.withRead(read), nodes.selector("proxy-jvm"),
      () -> Future.succeededFuture(true), metrics);
    ProxyVerticle verticle = new ProxyVerticle(shared);
    await(vertx.deployVerticle(verticle));
    port = verticle.actualPort();
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
    receivedAt.put(id, System.nanoTime());
    received.add(id + " " + m.headers().get(BusWire.METHOD) + " " + m.headers().get(BusWire.PATH));
    Runnable then = onReceive.remove(id);
    if (then != null) {
      then.run();
    }
    if (mute.contains(id)) {
      return;
    }
    m.reply(new JsonObject().put("node", id).toBuffer(), new DeliveryOptions()
      .setHeaders(MultiMap.caseInsensitiveMultiMap().add(BusWire.STATUS, "200").add("Content-Type", "application/json")));
  }

  /** When {@code id} receives its request: it stops reporting and leaves the cluster (what Hazelcast tells). */
  private void leavesOnReceipt(String id) {
    onReceive.put(id, () -> {
      reporting.remove(id);
      nodes.nodeLeft(id);
    });
  }

  /** When {@code id} receives its request: it stops reporting and answering, still a member (SIGSTOP, a long GC). */
  private void fallsSilentOnReceipt(String id) {
    mute.add(id);
    onReceive.put(id, () -> reporting.remove(id));
  }

  private void waitForReports() {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (nodes.table().nodes().size() < reporting.size() && System.nanoTime() < deadline) {
      sleep(20);
    }
    assertThat(nodes.table().nodes()).hasSize(reporting.size());
  }

  private Reply call(HttpMethod method, String uri) {
    return http.send(method, port, uri, null, method == HttpMethod.POST ? new JsonObject().toBuffer() : null);
  }

  private static long msSince(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  @Test
  void aMessageNoOneReceivedIsRepeatedOnAnotherNodeWhateverTheMethod() {
    proxy(FAR);
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
    proxy(FAR);
    node("leaving", 0);
    node("staying", 5);
    mute.add("leaving");
    leavesOnReceipt("leaving");
    waitForReports();

    long t0 = System.nanoTime();
    Reply get = call(HttpMethod.GET, "/api/questions");
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.json().getString("node")).isEqualTo("staying");
    assertThat(received).containsExactly("leaving GET /api/questions", "staying GET /api/questions");
    assertThat(msSince(t0)).as("repeated when the node left, not after the %s read timeout", FAR)
      .isLessThan(FAR.toMillis() / 2);
  }

  @Test
  void aGetOutOnANodeThatFallsSilentIsRepeatedOnAnotherOnceItsSilenceExceedsTheStaleness() {
    proxy(FAR);
    node("frozen", 0);
    node("fine", 5);
    fallsSilentOnReceipt("frozen"); // frozen: no answer, no report (SIGSTOP)
    waitForReports();

    long t0 = System.nanoTime();
    Reply get = call(HttpMethod.GET, "/api/questions");
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.json().getString("node")).isEqualTo("fine");
    assertThat(received).containsExactly("frozen GET /api/questions", "fine GET /api/questions");
    // not before the frozen node's last report is older than the staleness bound, however fast this machine is ...
    assertThat((receivedAt.get("fine") - reportedAt.get("frozen")) / 1_000_000).as("ms from its last report to the repeat")
      .isGreaterThanOrEqualTo(ApiNodes.STALE_MS);
    // ... and because of that silence, not after the read timeout
    assertThat(msSince(t0)).as("repeated after the silence, not after the %s read timeout", FAR).isLessThan(FAR.toMillis() / 2);
  }

  @Test
  void aPostOutOnANodeThatLeavesIsNotRepeatedItMayHaveBeenDone() {
    proxy(FAR);
    node("leaving", 0);
    node("staying", 5);
    mute.add("leaving");
    leavesOnReceipt("leaving");
    waitForReports();

    long t0 = System.nanoTime();
    Reply post = call(HttpMethod.POST, "/api/interviews");
    assertThat(post.status()).isEqualTo(502);
    assertThat(post.json().getString("code")).isEqualTo("bad_gateway");
    assertThat(received).containsExactly("leaving POST /api/interviews");
    assertThat(msSince(t0)).as("answered when the node left, not after the %s read timeout", FAR).isLessThan(FAR.toMillis() / 2);
  }

  @Test
  void aPostOutOnANodeThatFallsSilentIsWaitedForNotRepeated() {
    Duration read = TestProxyConfig.defaults().timeouts().read(); // 2 s: the read timeout answers
    proxy(read);
    node("slow", 0);
    node("other", 5);
    fallsSilentOnReceipt("slow"); // a long GC pause looks the same: the POST may yet be done

    waitForReports();
    long t0 = System.nanoTime();
    Reply post = call(HttpMethod.POST, "/api/interviews");
    assertThat(post.status()).as("the read timeout").isEqualTo(504);
    assertThat(received).containsExactly("slow POST /api/interviews");
    assertThat(msSince(t0)).as("not before the read timeout").isGreaterThanOrEqualTo(read.toMillis());
  }

  @Test
  void aTimedOutGetIsRepeatedOnAnotherNodeATimedOutPostIsNot() {
    proxy(TestProxyConfig.defaults().timeouts().read());
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
    proxy(FAR);
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
