package com.interview.app.launch;

import com.interview.app.TestNode;
import com.interview.app.cluster.HazelcastSetup;
import com.interview.app.config.ClusterConfig;
import com.interview.proxy.transport.BusWire;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Several JVMs in one Hazelcast cluster on loopback: the fat jar with {@code -cluster}, as operators start it. */
class ClusterIT {

  private static final Duration EXIT = Duration.ofSeconds(60);
  private static final Pattern NODE_ID = Pattern.compile("on the event bus at api\\.node\\.(\\S+) \\(");
  private final String clusterName = "it-" + UUID.randomUUID().toString().substring(0, 8);
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
    .connectTimeout(Duration.ofSeconds(5)).build();

  private Map<String, String> env(String role) {
    TestNode.ensureDatabase();
    Map<String, String> env = new HashMap<>(TestNode.env(Map.of()));
    env.put("APP_ROLE", role);
    env.put("PROXY_PORT", "0");
    env.put("PORT", "0");
    env.put("MANAGEMENT_PORT", "0");
    return env;
  }

  private String conf() {
    return "{\"cluster\":{\"name\":\"" + clusterName + "\"},\"proxy\":{\"timeouts\":{\"read\":\"3s\"}}}";
  }

  private HttpResponse<String> untilOk(int port, String path) throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    HttpResponse<String> r;
    do {
      r = get(port, path);
      if (r.statusCode() == 200) {
        return r;
      }
      Thread.sleep(100); // polling an external process until it is ready
    } while (System.currentTimeMillis() < deadline);
    return r;
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20))
        .header("Accept", "application/json").build(),
      HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aProxyJvmForwardsToAnApiJvmOverTheClusteredEventBusAndAFrozenNodeLeavesInSeconds() throws Exception {
    // -cluster-host: the API JVM binds Hazelcast and the event bus to another loopback address than the default
    try (JarProcess api = JarProcess.start(env("api"), "-cluster", "-cluster-host", "127.0.0.2", "-conf", conf());
         JarProcess proxy = JarProcess.start(env("proxy"), "-cluster", "-conf", conf())) {
      api.apiPort();
      int port = proxy.proxyPort();
      HttpResponse<String> r = untilOk(port, "/api"); // the API node is chosen once its first load report arrives
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"operations\"");
      // the cluster check is DOWN while Hazelcast migrates partitions after a member joined: seconds at most
      long healthDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      HttpResponse<String> health = get(proxy.managementPort(), "/health");
      while (!health.body().contains("\"id\":\"cluster\",\"status\":\"UP\"") && System.nanoTime() < healthDeadline) {
        Thread.sleep(200);
        health = get(proxy.managementPort(), "/health");
      }
      assertThat(health.body()).contains("\"id\":\"cluster\",\"status\":\"UP\"");
      assertThat(api.output()).containsPattern("Member \\[127\\.0\\.0\\.2\\]:\\d+ - \\S+ this");
      for (JarProcess p : List.of(api, proxy)) { // the manifest's Add-Opens/Add-Exports: Hazelcast has what it needs
        assertThat(p.output()).doesNotContain("without proper access to required Java packages").doesNotContain("--add-opens")
          .doesNotContain("Illegal reflective access");
      }

      ProcessHandle.of(api.pid()).orElseThrow();
      new ProcessBuilder("kill", "-STOP", Long.toString(api.pid())).start().waitFor();
      try {
        long frozenAt = System.nanoTime();
        long deadline = frozenAt + TimeUnit.SECONDS.toNanos(20);
        int status = 0;
        long took = 0;
        while (System.nanoTime() < deadline) { // 504 while the frozen node is still a member, then a fast 502
          long t0 = System.nanoTime();
          status = get(port, "/api").statusCode();
          took = (System.nanoTime() - t0) / 1_000_000;
          if (status == 502 && took < 1000) {
            break;
          }
        }
        long leftAfter = (System.nanoTime() - frozenAt) / 1_000_000;
        assertThat(status).isEqualTo(502);
        assertThat(leftAfter).as("ms until the frozen member was dropped").isLessThan(12_000);
      } finally {
        new ProcessBuilder("kill", "-CONT", Long.toString(api.pid())).start().waitFor();
      }
    }
  }

  @Test
  void sigtermLetsTheInFlightRequestFinishThenLeavesTheClusterAndExits0() throws Exception {
    ClusterConfig cluster = new ClusterConfig(clusterName, List.of("127.0.0.1"), 5701, Duration.ofSeconds(1), Duration.ofSeconds(5));
    Vertx slowApi = TestHttpCluster.join(new HazelcastClusterManager(HazelcastSetup.config(cluster)));
    try (JarProcess proxy = JarProcess.start(env("proxy"), "-cluster", "-conf", conf())) {
      String node = "fake-" + UUID.randomUUID();
      // /api/slow is answered when the test says so (after the SIGTERM), anything else at once
      CompletableFuture<io.vertx.core.eventbus.Message<Buffer>> slow = new CompletableFuture<>();
      DeliveryOptions ok = new DeliveryOptions().setHeaders(MultiMap.caseInsensitiveMultiMap()
        .add(":status", "200").add("content-type", "application/json"));
      slowApi.eventBus().<Buffer>consumer("api.node." + node, m -> {
        if (m.headers().get(BusWire.PATH).startsWith("/api/slow")) {
          slow.complete(m);
        } else {
          m.reply(Buffer.buffer("{\"fast\":true}"), ok);
        }
      });
      slowApi.setPeriodic(0, 200, t -> slowApi.eventBus().publish("api.load", new io.vertx.core.json.JsonObject()
        .put("node", node).put("inFlight", 0).put("capacity", 10).put("latencyMs", 1.0).put("draining", false)));
      int port = proxy.proxyPort();
      assertThat(untilOk(port, "/api/warmup").statusCode()).isEqualTo(200);

      CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/slow")).build(), HttpResponse.BodyHandlers.ofString());
      io.vertx.core.eventbus.Message<Buffer> waiting = slow.get(30, TimeUnit.SECONDS); // the request is at the API
      proxy.terminate();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      boolean refused = false;
      while (!refused) { // the signal handled: the port is closed to new connections
        assertThat(System.nanoTime()).as("the port closed after SIGTERM").isLessThan(deadline);
        try {
          http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/warmup"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
          Thread.sleep(50); // still open: polling another process
        } catch (java.io.IOException e) {
          refused = true;
        }
      }
      assertThat(inFlight).as("the request in flight waits for its answer").isNotDone();

      waiting.reply(Buffer.buffer("{\"slow\":true}"), ok);
      HttpResponse<String> done = inFlight.get(20, TimeUnit.SECONDS);
      assertThat(done.statusCode()).isEqualTo(200);
      assertThat(done.body()).isEqualTo("{\"slow\":true}");
      assertThat(proxy.waitForExit(EXIT)).isZero();
      assertThat(String.join("\n", proxy.stdout())).contains("stopped");
    } finally {
      slowApi.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /**
   * SIGTERM on one of two API JVMs under a steady GET load through the proxy: it announces {@code draining}, the
   * proxy stops choosing it, its in-flight requests finish, it leaves and exits 0 — and no client sees a failure.
   */
  @Test
  void sigtermOnAnApiNodeUnderLoadLosesNoRequest() throws Exception {
    try (JarProcess a = JarProcess.start(env("api"), "-cluster", "-conf", conf());
         JarProcess b = JarProcess.start(env("api"), "-cluster", "-conf", conf());
         JarProcess proxy = JarProcess.start(env("proxy"), "-cluster", "-conf", "{\"cluster\":{\"name\":\"" + clusterName
           + "\"},\"proxy\":{\"limits\":{\"api\":{\"rate\":\"100000r/s\",\"burst\":100000}}}}")) {
      String idA = a.await(NODE_ID, Duration.ofSeconds(90));
      String idB = b.await(NODE_ID, Duration.ofSeconds(90));
      int port = proxy.proxyPort();
      int management = proxy.managementPort();
      assertThat(untilOk(port, "/api").statusCode()).isEqualTo(200);
      java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
      java.util.concurrent.atomic.AtomicInteger ok = new java.util.concurrent.atomic.AtomicInteger();
      List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
      List<Thread> clients = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Thread t = new Thread(() -> {
          while (running.get()) {
            try {
              HttpResponse<String> r = get(port, "/api");
              if (r.statusCode() == 200) {
                ok.incrementAndGet();
              } else {
                failures.add(r.statusCode() + " " + r.body());
              }
            } catch (Exception e) {
              failures.add(e.toString());
            }
          }
        });
        t.start();
        clients.add(t);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      Map<String, Double> chosen = MetricsPage.rows(http, management, "proxy_node_selections_total");
      while (chosen.getOrDefault(idA, 0.0) == 0 || chosen.getOrDefault(idB, 0.0) == 0) { // steady load on both nodes
        assertThat(System.nanoTime()).as("both nodes chosen: %s", chosen).isLessThan(deadline);
        Thread.sleep(100); // polling another process
        chosen = MetricsPage.rows(http, management, "proxy_node_selections_total");
      }
      a.terminate();
      assertThat(a.waitForExit(EXIT)).as("exit code after SIGTERM").isZero();
      int atExit = ok.get();
      long served = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (ok.get() < atExit + 100) { // the survivor carries everything
        assertThat(System.nanoTime()).as("100 more answers after a left (failures: %s)", failures).isLessThan(served);
        Thread.sleep(50); // polling the clients' counter
      }
      running.set(false);
      for (Thread t : clients) {
        t.join(30_000);
      }
      assertThat(failures).as("failed GETs across the drain").isEmpty();
      assertThat(a.output()).contains("draining: proxies choose this node no more").contains("stopped");
    }
  }

  /**
   * Server-Sent Events across JVMs: a client streaming {@code /api/events} from one API JVM sees an interview created
   * through another API JVM's port (the change is published on the clustered event bus).
   */
  @Test
  void anInterviewChangedThroughOneNodeReachesAnEventStreamOnAnotherAndALogoutThereIsRefusedHere() throws Exception {
    try (JarProcess a = JarProcess.start(env("api"), "-cluster", "-conf", conf());
         JarProcess b = JarProcess.start(env("api"), "-cluster", "-conf", conf())) {
      int portA = a.apiPort();
      int portB = b.apiPort();
      String password = "correct horse battery staple";
      JsonObject interviewer = register(portA, password);
      JsonObject candidate = register(portA, password);
      String interviewerId = interviewer.getJsonObject("user").getString("id");
      sql("UPDATE users SET role = 'interviewer' WHERE id = '" + UUID.fromString(interviewerId) + "'");
      JsonObject session = new JsonObject(post(portA, "/api/auth/login", null, new JsonObject()
        .put("email", interviewer.getJsonObject("user").getString("email")).put("password", password)).body());
      String token = session.getString("accessToken");

      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> stream = http.sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portB + "/api/events"))
          .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build(),
        HttpResponse.BodyHandlers.ofLines());
      stream.thenAccept(r -> r.body().forEach(lines::add));
      assertThat(lines.poll(20, TimeUnit.SECONDS)).as("the stream opened on node B").startsWith("retry:");

      java.time.OffsetDateTime start = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).plusDays(30)
        .withSecond(1).withNano(0); // toString drops ":00" seconds: not an RFC 3339 date-time
      JsonObject body = new JsonObject().put("title", "Cross-node interview")
        .put("candidateId", candidate.getJsonObject("user").getString("id"))
        .put("interviewerIds", new io.vertx.core.json.JsonArray().add(interviewerId))
        .put("startsAt", start.toString()).put("endsAt", start.plusHours(1).toString());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      String id = null;
      String seen = null;
      // a subscription on node B reaches node A's view of the cluster within moments: change until one arrives
      while (seen == null && System.nanoTime() < deadline) {
        HttpResponse<String> made = id == null ? post(portA, "/api/interviews", token, body)
          : send(portA, "PATCH", "/api/interviews/" + id, token, new JsonObject().put("title", "Renamed " + System.nanoTime()));
        assertThat(made.statusCode()).as(made.body()).isIn(200, 201);
        id = new JsonObject(made.body()).getString("id");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        for (String line; seen == null && (line = lines.poll(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS)) != null; ) {
          if (line.startsWith("data:") && line.contains(id)) {
            seen = line;
          }
        }
      }
      assertThat(seen).as("an event for interview %s on node B", id).isNotNull();
      stream.cancel(true);

      // a logout on JVM A refuses the token on JVM B (revocations are published to every node's own copy)
      assertThat(me(portB, token).statusCode()).isEqualTo(200);
      HttpResponse<String> logout = post(portA, "/api/auth/logout", token,
        new JsonObject().put("refreshToken", session.getString("refreshToken")));
      assertThat(logout.statusCode()).as(logout.body()).isEqualTo(204);
      long loggedOut = System.nanoTime();
      HttpResponse<String> onB;
      do {
        onB = me(portB, token);
      } while (onB.statusCode() == 200 && System.nanoTime() - loggedOut < TimeUnit.SECONDS.toNanos(10));
      System.out.printf("logout on JVM A refused on JVM B after %.1f ms%n", (System.nanoTime() - loggedOut) / 1e6);
      assertThat(onB.statusCode()).as(onB.body()).isEqualTo(401);
      assertThat(onB.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
    }
  }

  private HttpResponse<String> me(int port, String token) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/users/me"))
      .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonObject register(int port, String password) throws Exception {
    HttpResponse<String> r = post(port, "/api/auth/register", null, new JsonObject()
      .put("email", "cluster-" + UUID.randomUUID() + "@example.com").put("name", "Cluster Test").put("password", password));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new JsonObject(r.body());
  }

  private HttpResponse<String> post(int port, String path, String token, JsonObject body) throws Exception {
    return send(port, "POST", path, token, body);
  }

  private HttpResponse<String> send(int port, String method, String path, String token, JsonObject body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20))
      .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.encode()));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void sql(String statement) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      io.vertx.sqlclient.Pool pool = io.vertx.pgclient.PgBuilder.pool()
        .connectingTo(io.vertx.pgclient.PgConnectOptions.fromUri(TestNode.DATABASE_URL)).using(vertx).build();
      pool.query(statement).execute().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
  }

  /** Joins a test JVM to the cluster. */
  static final class TestHttpCluster {
    static Vertx join(HazelcastClusterManager manager) throws Exception {
      return Vertx.builder().withClusterManager(manager).buildClustered().toCompletionStage().toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
    }
  }
}
