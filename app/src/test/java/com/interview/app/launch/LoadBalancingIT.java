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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Least-loaded forwarding across real JVMs: the fat jar started with {@code -cluster} as proxy and API nodes on
 * loopback, under a steady load of real HTTP requests, while nodes are slowed, killed, frozen, added and scaled.
 * Which node served what is read from the proxy's own metrics ({@code proxy_node_selections_total{node}}, a counter).
 */
class LoadBalancingIT {

  private static final Pattern NODE_ID = Pattern.compile("on the event bus at api\\.node\\.(\\S+) \\(");
  private static final String ADMIN_TOKEN = "it-admin-token-0123456789";

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
    return "{\"cluster\":{\"name\":\"" + clusterName + "\"},"
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
    return start("proxy", Map.of(), conf(""), null);
  }

  private ApiNode api() throws IOException {
    JarProcess p = start("api", Map.of("ADMIN_TOKEN", ADMIN_TOKEN), conf(""), null);
    return new ApiNode(p, p.await(NODE_ID, Duration.ofSeconds(90)));
  }

  private record ApiNode(JarProcess process, String id) {
  }

  // ---- the tests

  @Test
  void requestsSpreadAcrossTheApiNodesAndASlowNodeGetsFewer() throws Exception {
    JarProcess proxy = proxy();
    ApiNode a = api();
    ApiNode b = api();
    int mgmt = proxy.managementPort();
    waitForNodes(mgmt, 2);

    try (Load warmUp = new Load(proxy.proxyPort(), 8)) {
      Thread.sleep(3000); // JIT: cold JVMs answer every request slowly, which blurs what a slow node costs
    }
    Map<String, Double> before = selections(mgmt);
    try (Load load = new Load(proxy.proxyPort(), 8)) {
      Thread.sleep(6000); // a steady load for a while
      assertThat(load.failures()).isEmpty();
    }
    Map<String, Double> even = delta(before, selections(mgmt));
    double evenShareB = share(even, b.id, a.id);
    assertThat(evenShareB).as("share of node b with both healthy: %s", even).isBetween(0.2, 0.8);

    // node b made slow: stopped 150 ms out of every 200 ms (a CPU-starved or swapping JVM), still a member
    AtomicBoolean slowing = new AtomicBoolean(true);
    Thread throttle = new Thread(() -> dutyCycle(b.process.pid(), slowing), "throttle");
    throttle.start();
    try {
      Map<String, Double> before2 = selections(mgmt);
      try (Load load = new Load(proxy.proxyPort(), 8)) {
        Thread.sleep(6000);
      }
      Map<String, Double> slow = delta(before2, selections(mgmt));
      double slowShareB = share(slow, b.id, a.id);
      System.out.printf("selections, both healthy: %s; node b slowed: %s%n", even, slow);
      // in flight is balanced, so throughput follows latency: most requests go to the other node (how many depends on
      // how busy the machine is: on a slow CI box every request is slower and the stopped phases weigh less)
      assertThat(slowShareB).as("share of the slow node: %s (was %s)", slow, even).isLessThan(Math.min(0.45, evenShareB - 0.05));
    } finally {
      slowing.set(false);
      throttle.join();
    }
  }

  @Test
  void sigkillOfAnApiNodeUnderLoadLosesNoGetAndTrafficMovesToTheSurvivorWithinTwoSeconds() throws Exception {
    JarProcess proxy = proxy();
    ApiNode a = api();
    ApiNode b = api();
    int mgmt = proxy.managementPort();
    waitForNodes(mgmt, 2);

    try (Load load = new Load(proxy.proxyPort(), 6)) {
      Thread.sleep(2000);
      assertThat(selections(mgmt).getOrDefault(b.id, 0.0)).as("b takes traffic before it dies").isPositive();
      new ProcessBuilder("kill", "-KILL", Long.toString(b.process.pid())).start().waitFor();
      Thread.sleep(2000);
      Double atTwoSeconds = selections(mgmt).get(b.id); // null once membership dropped it
      int okAtTwoSeconds = load.ok.get();
      Thread.sleep(3000);
      Map<String, Double> later = selections(mgmt);
      if (later.containsKey(b.id)) { // else membership dropped it
        assertThat(later.get(b.id)).as("no selection of the dead node after 2 s").isEqualTo(atTwoSeconds);
      }
      assertThat(load.ok.get()).as("the survivor carries the load").isGreaterThan(okAtTwoSeconds + 100);
      assertThat(later.get(a.id)).isPositive();
      assertThat(load.failures()).as("failed GETs").isEmpty();
    }
  }

  @Test
  void aFrozenNodeStopsGettingRequestsWithin6SecondsWithNoFailedGetAndComesBackWhenThawed() throws Exception {
    JarProcess proxy = proxy();
    api();
    ApiNode b = api();
    int mgmt = proxy.managementPort();
    waitForNodes(mgmt, 2);

    try (Load load = new Load(proxy.proxyPort(), 6)) {
      Thread.sleep(2000);
      new ProcessBuilder("kill", "-STOP", Long.toString(b.process.pid())).start().waitFor();
      double frozenAt;
      try {
        Thread.sleep(2000); // silent for 1 s: out; its GETs in flight were repeated on the other node
        frozenAt = selections(mgmt).getOrDefault(b.id, 0.0);
        Thread.sleep(2000);
        assertThat(selections(mgmt).getOrDefault(b.id, 0.0)).as("no request to the frozen node").isEqualTo(frozenAt);
      } finally {
        new ProcessBuilder("kill", "-CONT", Long.toString(b.process.pid())).start().waitFor(); // within maxNoHeartbeat
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (selections(mgmt).getOrDefault(b.id, 0.0) <= frozenAt && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(selections(mgmt).getOrDefault(b.id, 0.0)).as("the thawed node takes requests again").isGreaterThan(frozenAt);
      assertThat(load.failures()).as("failed GETs").isEmpty();
    }
  }

  @Test
  void aThirdNodeTakesTrafficWithinSecondsAndAddedInstancesRaiseItsShare() throws Exception {
    JarProcess proxy = proxy();
    ApiNode a = api();
    ApiNode b = api();
    int mgmt = proxy.managementPort();
    waitForNodes(mgmt, 2);

    try (Load load = new Load(proxy.proxyPort(), 12)) {
      Thread.sleep(1000);
      ApiNode c = api();
      long joined = System.nanoTime();
      while (selections(mgmt).getOrDefault(c.id, 0.0) == 0 && System.nanoTime() - joined < TimeUnit.SECONDS.toNanos(10)) {
        Thread.sleep(100);
      }
      assertThat(selections(mgmt).getOrDefault(c.id, 0.0)).as("the new node takes requests").isPositive();
      Thread.sleep(1000);
      Map<String, Double> t0 = selections(mgmt);
      Thread.sleep(4000);
      Map<String, Double> equal = delta(t0, selections(mgmt));
      double shareBefore = share(equal, c.id, a.id, b.id);
      assertThat(shareBefore).as("three equal nodes: %s", equal).isBetween(0.15, 0.55);

      HttpResponse<String> scaled = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + c.process.managementPort() + "/admin/verticles/api"))
          .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"instances\":3}")).build(),
        HttpResponse.BodyHandlers.ofString());
      assertThat(scaled.statusCode()).as(scaled.body()).isEqualTo(200);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (metric(mgmt, "proxy_node_capacity").getOrDefault(c.id, 0.0) < 16 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(metric(mgmt, "proxy_node_capacity")).as("4 instances × concurrency 4").containsEntry(c.id, 16.0);
      Map<String, Double> t1 = selections(mgmt);
      Thread.sleep(4000);
      Map<String, Double> more = delta(t1, selections(mgmt));
      double shareAfter = share(more, c.id, a.id, b.id);
      System.out.printf("selections, three equal nodes: %s; c with 4 instances: %s%n", equal, more);
      assertThat(shareAfter).as("c with 4 instances: %s, before: %s", more, equal).isGreaterThan(shareBefore + 0.15);
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

    others.get(0).destroyForcibly().waitFor(10, TimeUnit.SECONDS); // Redis gone
    assertThat(acceptedOf(ports, 12)).as("each proxy on its own limiter: 5 each").isBetween(9, 11);
    assertThat(metric(p1.managementPort(), "proxy_ratelimit_fallback_total").values().stream().mapToDouble(d -> d).sum())
      .isPositive();
    assertThat(p1.output()).containsOnlyOnce("Redis unavailable");

    startRedis(redisPort); // back, empty
    Thread.sleep(1500);
    assertThat(acceptedOf(ports, 12)).as("cluster-wide again").isBetween(4, 6);
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

  /** {@code name{node="…"} value} rows of the node's Prometheus page, by node. */
  private Map<String, Double> metric(int managementPort, String name) throws Exception {
    String page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/metrics")).build(),
      HttpResponse.BodyHandlers.ofString()).body();
    Map<String, Double> rows = new HashMap<>();
    Pattern row = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)$", Pattern.MULTILINE);
    Matcher m = row.matcher(page);
    while (m.find()) {
      Matcher label = Pattern.compile("(?:node|zone)=\"([^\"]*)\"").matcher(m.group(1));
      rows.put(label.find() ? label.group(1) : m.group(1), Double.parseDouble(m.group(2)));
    }
    return rows;
  }

  private Map<String, Double> selections(int managementPort) throws Exception {
    return metric(managementPort, "proxy_node_selections_total");
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

  /** The share of {@code node} among {@code node} and {@code others}. */
  private static double share(Map<String, Double> counts, String node, String... others) {
    double mine = counts.getOrDefault(node, 0.0);
    double all = mine;
    for (String o : others) {
      all += counts.getOrDefault(o, 0.0);
    }
    assertThat(all).as("requests counted: %s", counts).isGreaterThan(100);
    return mine / all;
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
