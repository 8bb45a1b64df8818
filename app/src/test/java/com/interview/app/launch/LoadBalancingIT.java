package com.interview.app.launch;

import com.interview.app.TestNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Least-loaded forwarding across real JVMs: the fat jar started with {@code -cluster} as proxy and API nodes on
 * loopback, under a steady load of real HTTP requests, while nodes are slowed, killed, frozen, added and scaled.
 * Which node served what is read from the proxy's own metrics ({@code proxy_node_selections_total{node}}, a counter).
 *
 * <p>Only what timing cannot change is asserted here: a node with capacity that answers gets requests, a dead or
 * frozen node gets none once it has been silent for the staleness bound, a scaled node's capacity is what the proxy
 * sees, and no GET fails. How the requests are shared (fewer to a node reporting more in flight, more to a node with
 * more capacity) depends on how fast each JVM is on a shared machine; those decisions are exact in
 * {@code proxy-verticle}'s {@code LoadTableTest}.
 */
class LoadBalancingIT {

  private static final Pattern NODE_ID = Pattern.compile("on the event bus at api\\.node\\.(\\S+) \\(");
  private static final String ADMIN_TOKEN = "it-admin-token-0123456789";
  /** Generous: a JVM on a busy 2-core machine may take this long to join, report and be chosen. */
  private static final Duration WITHIN = Duration.ofSeconds(60);
  /** The proxy's staleness bound (ApiNodes.STALE_MS, 1 s) with room for the last report's delivery and a sweep. */
  private static final Duration PAST_STALENESS = Duration.ofSeconds(3);
  /** What a proxy logs once when its cluster zone falls back to local limits, and when Redis decides again. */
  private static final String REDIS_GONE = "Redis unavailable";
  private static final String REDIS_BACK = "Redis answers again";

  private final String clusterName = "lb-" + UUID.randomUUID().toString().substring(0, 8);
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
    .connectTimeout(Duration.ofSeconds(5)).build();
  private final List<JarProcess> processes = new ArrayList<>();
  private final List<Process> others = new ArrayList<>();

  @AfterEach
  void stopAll() throws Exception {
    for (JarProcess p : processes) {
      new ProcessBuilder("kill", "-CONT", Long.toString(p.pid())).start().waitFor();
      p.close();
    }
    for (Process p : others) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Requests enough for the tests, few connections, no access log, cheap answers; {@code extra} is merged in. */
  private String conf(String extra) {
    return conf("", extra);
  }

  /** {@link #conf(String)} with {@code cluster} keys added to the cluster's name (each starting with a comma). */
  private String conf(String cluster, String extra) {
    return "{\"cluster\":{\"name\":\"" + clusterName + "\"" + cluster + "},"
      + "\"proxy\":{\"timeouts\":{\"read\":\"5s\"},\"accessLog\":{\"path\":\"off\"},"
      + "\"limits\":{\"api\":{\"rate\":\"100000r/s\",\"burst\":100000,\"nodelay\":true}}},"
      + "\"api\":{\"instances\":1,\"concurrency\":4}" + extra + "}";
  }

  private JarProcess start(String role, Map<String, String> extraEnv, String conf, List<String> prefix) throws IOException {
    TestNode.ensureDatabase();
    Map<String, String> env = new HashMap<>(TestNode.env(extraEnv));
    env.put("APP_ROLE", role);
    env.put("PROXY_PORT", "0");
    env.put("PORT", "0");
    env.put("MANAGEMENT_PORT", "0");
    JarProcess p = JarProcess.start(env, prefix, "-cluster", "-cluster-host", "127.0.0.1", "-conf", conf);
    processes.add(p);
    return p;
  }

  private JarProcess proxy() throws IOException {
    return proxy(conf(""));
  }

  private JarProcess proxy(String conf) throws IOException {
    return start("proxy", Map.of(), conf, null);
  }

  private ApiNode api() throws IOException {
    return api(conf(""));
  }

  private ApiNode api(String conf) throws IOException {
    JarProcess p = start("api", Map.of("ADMIN_TOKEN", ADMIN_TOKEN), conf, null);
    return new ApiNode(p, p.await(NODE_ID, Duration.ofSeconds(90)));
  }

  private record ApiNode(JarProcess process, String id) {
  }

  // ---- the tests

  @Test
  void everyApiNodeTakesRequestsAndAThrottledNodeCostsNoFailedGet() throws Exception {
    JarProcess proxy = proxy();
    ApiNode a = api();
    ApiNode b = api();
    int mgmt = proxy.managementPort();
    waitForNodes(mgmt, 2);

    try (Load load = new Load(proxy.proxyPort(), 8)) {
      // both have capacity and answer, so both are chosen (how often depends on their speed here: LoadTableTest)
      awaitSelections(mgmt, a.id, 0);
      awaitSelections(mgmt, b.id, 0);
      assertThat(load.failures()).as("failed GETs, both healthy").isEmpty();

      // node b made slow: stopped 150 ms out of every 200 ms (a CPU-starved or swapping JVM), still a member and
      // never silent for the staleness bound, so it stays a candidate: its requests are late, never lost
      Map<String, Double> before = selections(mgmt);
      AtomicBoolean slowing = new AtomicBoolean(true);
      Thread throttle = new Thread(() -> dutyCycle(b.process.pid(), slowing), "throttle");
      throttle.start();
      try {
        awaitServed(load, 300);
      } finally {
        slowing.set(false);
        throttle.join();
      }
      System.out.printf("selections while node b was throttled: %s%n", delta(before, selections(mgmt)));
      assertThat(load.failures()).as("failed GETs, b throttled").isEmpty();
    }
  }

  @Test
  void sigkillOfAnApiNodeUnderLoadLosesNoGetAndItGetsNoRequestPastTheStalenessBound() throws Exception {
    JarProcess proxy = proxy();
    ApiNode a = api();
    ApiNode b = api();
    int mgmt = proxy.managementPort();
    waitForNodes(mgmt, 2);

    try (Load load = new Load(proxy.proxyPort(), 6)) {
      awaitSelections(mgmt, b.id, 0); // b takes traffic before it dies
      new ProcessBuilder("kill", "-KILL", Long.toString(b.process.pid())).start().waitFor();
      pastTheStaleness(System.nanoTime());
      Double atBound = selections(mgmt).get(b.id); // null once membership dropped it
      awaitServed(load, 200); // the survivor carries the load
      Map<String, Double> later = selections(mgmt);
      if (later.containsKey(b.id)) { // else membership dropped it
        assertThat(later.get(b.id)).as("no selection of the dead node past the staleness bound").isEqualTo(atBound);
      }
      assertThat(later.get(a.id)).isPositive();
      assertThat(load.failures()).as("failed GETs").isEmpty();
    }
  }

  @Test
  void aFrozenNodeGetsNoRequestPastTheStalenessBoundWithNoFailedGetAndComesBackWhenThawed() throws Exception {
    // b stays a member however long it is frozen here: only its silence takes it out of the proxy's choice
    String conf = conf(",\"maxNoHeartbeat\":\"60s\"", "");
    JarProcess proxy = proxy(conf);
    api(conf);
    ApiNode b = api(conf);
    int mgmt = proxy.managementPort();
    waitForNodes(mgmt, 2);

    try (Load load = new Load(proxy.proxyPort(), 6)) {
      awaitSelections(mgmt, b.id, 0);
      new ProcessBuilder("kill", "-STOP", Long.toString(b.process.pid())).start().waitFor();
      double frozenAt;
      try {
        pastTheStaleness(System.nanoTime()); // silent: out; its GETs in flight were repeated on the other node
        frozenAt = selections(mgmt).getOrDefault(b.id, 0.0);
        awaitServed(load, 200);
        assertThat(selections(mgmt).getOrDefault(b.id, 0.0)).as("no request to the frozen node").isEqualTo(frozenAt);
      } finally {
        new ProcessBuilder("kill", "-CONT", Long.toString(b.process.pid())).start().waitFor();
      }
      awaitSelections(mgmt, b.id, frozenAt); // the thawed node reports again and takes requests again
      assertThat(load.failures()).as("failed GETs").isEmpty();
    }
  }

  /**
   * The public /health of a proxy JVM answers from the node table it holds, never from a cluster-wide check: while one
   * of two API JVMs is frozen (and Hazelcast, with the default 5 s, suspects and then removes it) every probe is 200,
   * since the other node can serve.
   */
  @Test
  void publicHealthStaysUpWhileOneApiNodeIsFrozen() throws Exception {
    JarProcess proxy = proxy();
    api();
    ApiNode b = api();
    int mgmt = proxy.managementPort();
    waitForNodes(mgmt, 2);
    HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.proxyPort() + "/health"))
      .timeout(Duration.ofSeconds(10)).build();
    List<String> answers = new ArrayList<>();
    long slowest = 0;
    new ProcessBuilder("kill", "-STOP", Long.toString(b.process.pid())).start().waitFor();
    try {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(8); // past the suspicion and the removal (5 s)
      while (System.nanoTime() < end) {
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(probe, HttpResponse.BodyHandlers.ofString());
        slowest = Math.max(slowest, System.nanoTime() - t0);
        answers.add(r.statusCode() + " " + r.body());
        Thread.sleep(100); // a load balancer's probing pace
      }
    } finally {
      new ProcessBuilder("kill", "-CONT", Long.toString(b.process.pid())).start().waitFor();
    }
    System.out.printf("public /health while a node was frozen: %d probes, slowest %d ms%n", answers.size(),
      TimeUnit.NANOSECONDS.toMillis(slowest));
    assertThat(answers).isNotEmpty().allSatisfy(a -> assertThat(a).isEqualTo("200 {\"status\":\"UP\"}"));
  }

  @Test
  void aThirdNodeTakesRequestsAndTheProxySeesTheCapacityOfItsAddedInstances() throws Exception {
    JarProcess proxy = proxy();
    api();
    api();
    int mgmt = proxy.managementPort();
    waitForNodes(mgmt, 2);

    try (Load load = new Load(proxy.proxyPort(), 12)) {
      ApiNode c = api();
      awaitSelections(mgmt, c.id, 0); // the new node takes requests

      HttpResponse<String> scaled = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + c.process.managementPort() + "/admin/verticles/api"))
          .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"instances\":3}")).build(),
        HttpResponse.BodyHandlers.ofString());
      assertThat(scaled.statusCode()).as(scaled.body()).isEqualTo(200);
      long deadline = System.nanoTime() + WITHIN.toNanos();
      while (metric(mgmt, "proxy_node_capacity").getOrDefault(c.id, 0.0) < 16 && System.nanoTime() < deadline) {
        Thread.sleep(100); // polling another process
      }
      assertThat(metric(mgmt, "proxy_node_capacity")).as("4 instances × concurrency 4").containsEntry(c.id, 16.0);
      // more capacity means more decisions for c (LoadTableTest); here: it keeps taking requests once scaled
      awaitSelections(mgmt, c.id, selections(mgmt).getOrDefault(c.id, 0.0));
      assertThat(load.failures()).isEmpty();
    }
  }

  @Test
  void twoProxiesShareAClusterZoneInRedisAndFallBackToLocalLimitsWhenItIsGone() throws Exception {
    int redisPort = freePort();
    startRedis(redisPort);
    String zone = ",\"proxy\":{\"accessLog\":{\"path\":\"off\"},"
      + "\"limits\":{\"api\":{\"rate\":\"1r/m\",\"burst\":4,\"nodelay\":true,\"scope\":\"cluster\"}}}";
    String conf = "{\"cluster\":{\"name\":\"" + clusterName + "\"}" + zone + "}";
    Map<String, String> env = Map.of("REDIS_URL", "redis://127.0.0.1:" + redisPort);
    JarProcess p1 = start("proxy", env, conf, null);
    JarProcess p2 = start("proxy", env, conf, null);
    int[] ports = {p1.proxyPort(), p2.proxyPort()};

    // no API node: an accepted request is a 502, a limited one a 429
    assertThat(acceptedOf(ports, 12)).as("burst 4 + 1, for both proxies together").isBetween(4, 6);

    int outages = occurrences(p1, REDIS_GONE);
    others.get(0).destroyForcibly().waitFor(10, TimeUnit.SECONDS); // Redis gone
    assertThat(acceptedOf(ports, 12)).as("each proxy on its own limiter: 5 each").isBetween(9, 11);
    assertThat(metric(p1.managementPort(), "proxy_ratelimit_fallback_total").values().stream().mapToDouble(d -> d).sum())
      .isPositive();
    long logged = System.nanoTime() + WITHIN.toNanos();
    while (occurrences(p1, REDIS_GONE) == outages && System.nanoTime() < logged) {
      Thread.sleep(50); // the line may still be on its way through the process's stdout
    }
    assertThat(occurrences(p1, REDIS_GONE)).as("logged once for the outage, not per request").isEqualTo(outages + 1);

    int[] answeredBefore = {occurrences(p1, REDIS_BACK), occurrences(p2, REDIS_BACK)};
    startRedis(redisPort); // back, empty
    // each proxy reconnects on a request of its own; until then its local bucket (spent above) decides: 429
    int accepted = 0;
    long deadline = System.nanoTime() + WITHIN.toNanos();
    for (int i = 0; occurrences(p1, REDIS_BACK) == answeredBefore[0] || occurrences(p2, REDIS_BACK) == answeredBefore[1]; i++) {
      assertThat(System.nanoTime()).as("both proxies decide in Redis again:\n%s\n%s", p1.output(), p2.output())
        .isLessThan(deadline);
      accepted += acceptedOf(new int[] {ports[i % 2]}, 1);
    }
    accepted += acceptedOf(ports, 12);
    assertThat(accepted).as("cluster-wide again: burst 4 + 1").isBetween(4, 6);
  }

  // ---- load, metrics and processes

  /** Requests to alternating proxies; the count of those not limited (429). */
  private int acceptedOf(int[] ports, int requests) throws Exception {
    int accepted = 0;
    for (int i = 0; i < requests; i++) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[i % ports.length]
        + "/api/questions")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isIn(429, 502);
      if (r.statusCode() != 429) {
        accepted++;
      }
    }
    return accepted;
  }

  /** A steady GET load: {@code threads} clients in a loop, every answer that is not 200 recorded. */
  private final class Load implements AutoCloseable {
    final AtomicInteger ok = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService pool;

    Load(int port, int threads) {
      pool = Executors.newFixedThreadPool(threads);
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api"))
        .header("Accept", "application/json").timeout(Duration.ofSeconds(15)).build();
      for (int i = 0; i < threads; i++) {
        pool.execute(() -> {
          while (running.get()) {
            try {
              HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() == 200) {
                ok.incrementAndGet();
              } else {
                failures.add(r.statusCode() + " " + r.body());
              }
            } catch (IOException e) {
              failures.add(e.toString());
            } catch (InterruptedException e) {
              return;
            }
          }
        });
      }
    }

    List<String> failures() {
      return new ArrayList<>(failures);
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  private Map<String, Double> metric(int managementPort, String name) throws Exception {
    return MetricsPage.rows(http, managementPort, name);
  }

  private Map<String, Double> selections(int managementPort) throws Exception {
    return metric(managementPort, "proxy_node_selections_total");
  }

  /** Until the proxy has chosen {@code node} more than {@code than} times; its count then. */
  private double awaitSelections(int managementPort, String node, double than) throws Exception {
    long deadline = System.nanoTime() + WITHIN.toNanos();
    Map<String, Double> now = selections(managementPort);
    while (now.getOrDefault(node, 0.0) <= than) {
      assertThat(System.nanoTime()).as("node %s chosen more than %s times within %s: %s", node, than, WITHIN, now)
        .isLessThan(deadline);
      Thread.sleep(100); // polling another process
      now = selections(managementPort);
    }
    return now.get(node);
  }

  /** Until the load has had {@code more} answers 200 from now on. */
  private static void awaitServed(Load load, int more) throws InterruptedException {
    int target = load.ok.get() + more;
    long deadline = System.nanoTime() + WITHIN.toNanos();
    while (load.ok.get() < target) {
      assertThat(System.nanoTime()).as("%d more answers within %s (failures: %s)", more, WITHIN, load.failures())
        .isLessThan(deadline);
      Thread.sleep(50); // polling the load's counter
    }
  }

  /** Sleeps until {@link #PAST_STALENESS} after {@code since}: a bound of the product, not a guess at a condition. */
  private static void pastTheStaleness(long since) throws InterruptedException {
    long left = since + PAST_STALENESS.toNanos() - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  /** How often {@code text} occurs in the process's output so far. */
  private static int occurrences(JarProcess p, String text) {
    String out = p.output();
    int n = 0;
    for (int i = out.indexOf(text); i >= 0; i = out.indexOf(text, i + text.length())) {
      n++;
    }
    return n;
  }

  /** Until the proxy's table holds {@code n} nodes with capacity (their first load reports came). */
  private void waitForNodes(int managementPort, int n) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (metric(managementPort, "proxy_node_capacity").values().stream().filter(c -> c > 0).count() < n) {
      assertThat(System.nanoTime()).as("%d API nodes known to the proxy", n).isLessThan(deadline);
      Thread.sleep(200); // polling other processes
    }
  }

  private static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> d = new HashMap<>();
    after.forEach((node, v) -> d.put(node, v - before.getOrDefault(node, 0.0)));
    return d;
  }

  /** Stops and continues the process, 150 ms stopped in every 200, while {@code on}. */
  private static void dutyCycle(long pid, AtomicBoolean on) {
    try {
      while (on.get()) {
        new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor();
        Thread.sleep(150);
        new ProcessBuilder("kill", "-CONT", Long.toString(pid)).start().waitFor();
        Thread.sleep(50);
      }
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    } finally {
      try {
        new ProcessBuilder("kill", "-CONT", Long.toString(pid)).start().waitFor();
      } catch (IOException | InterruptedException ignored) {
        // the test's cleanup continues it too
      }
    }
  }

  private void startRedis(int port) throws Exception {
    Process redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
      "--save", "", "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    others.add(0, redis);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] answer = new byte[7];
        if (s.getInputStream().read(answer) > 0 && new String(answer, StandardCharsets.US_ASCII).startsWith("+PONG")) {
          return;
        }
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new AssertionError("redis-server did not start on " + port);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
