package com.interview.app.ops;

import com.interview.app.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The size of a node's {@code /metrics} page, which Prometheus reads from every node every 15 s: at most 100 KB on a
 * fresh node, at most 200 KB after traffic on every route — every operation of openapi.yaml on the API's own port
 * and through the proxy (mostly 4xx answers without data, so each route shows several statuses), the proxy's
 * {@code /health} and {@code /uploads/}, and every management endpoint. Histograms only where a dashboard reads
 * them, with a dozen buckets each; and the {@code route} label names the route, never a sub-router chain
 * ({@code /health>/}).
 *
 * <p>The node is the fat jar in role {@code all}, clustered (a cluster of its own), as the heaviest page comes from.
 */
class MetricsPageIT {

  static final int FRESH_LIMIT = 100 * 1024;
  static final int TRAFFIC_LIMIT = 200 * 1024;
  private static final Pattern OPERATION = Pattern.compile("^  (/api[^:]*):\\s*$|^    (get|post|put|patch|delete):\\s*$",
    Pattern.MULTILINE);

  @Test
  void theMetricsPageStaysSmallFreshAndAfterTrafficOnEveryRoute(@TempDir Path tmp) throws Exception {
    TestNode.ensureDatabase();
    int proxy = Ops.freePort();
    int api = Ops.freePort();
    int management = Ops.freePort();
    Map<String, String> env = new HashMap<>(TestNode.env(Map.of()));
    env.putAll(Map.of("APP_ROLE", "all", "PROXY_PORT", "" + proxy, "PORT", "" + api, "MANAGEMENT_PORT", "" + management));
    String conf = "{\"cluster\":{\"name\":\"metrics-" + UUID.randomUUID().toString().substring(0, 8) + "\"}}";
    try (JarNode node = JarNode.java("node", tmp.resolve("node"), env, List.of("-Xmx256m"),
      "-cluster", "-cluster-host", "127.0.0.1", "-conf", conf)) {
      String metrics = "http://127.0.0.1:" + management + "/metrics";
      node.awaitStatus("http://127.0.0.1:" + management + "/health/ready", 200, Duration.ofSeconds(120));
      String fresh = Ops.get(metrics).body();
      int freshBytes = fresh.getBytes(StandardCharsets.UTF_8).length;

      String token = register(api);
      int requests = 0;
      for (String[] op : operations()) {
        String path = op[1].replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
        if (path.equals("/api/events")) {
          continue; // a stream that stays open; the same route label as any other operation
        }
        for (int port : new int[] {api, proxy}) {
          send(port, op[0], path, token);
          send(port, op[0], path, null);
          requests += 2;
        }
      }
      for (String path : List.of("/health", "/uploads/none.png", "/nowhere", "/api/docs/swagger-ui.css")) {
        send(proxy, "GET", path, null);
      }
      for (String path : List.of("/health", "/health/live", "/health/ready", "/admin/upstreams", "/metrics")) {
        send(management, "GET", path, null);
      }
      String after = Ops.get(metrics).body();
      int afterBytes = after.getBytes(StandardCharsets.UTF_8).length;
      System.out.printf("/metrics: fresh %d bytes, %d lines; after %d requests %d bytes, %d lines, %d buckets%n",
        freshBytes, fresh.split("\n").length, requests, afterBytes, after.split("\n").length,
        after.lines().filter(l -> l.contains("_bucket{")).count());

      assertThat(freshBytes).as("fresh /metrics bytes").isLessThanOrEqualTo(FRESH_LIMIT);
      assertThat(afterBytes).as("/metrics bytes after traffic on every route").isLessThanOrEqualTo(TRAFFIC_LIMIT);
      assertThat(histograms(after)).as("the only histograms: those a dashboard or an alert reads")
        .containsExactlyInAnyOrder("vertx_http_server_response_time_seconds", "vertx_sql_processing_time_seconds",
          "vertx_redis_processing_time_seconds", "vertx_pool_queue_time_seconds", "vertx_pool_usage_seconds");
      assertThat(after).contains("le=\"2.0\"").contains("le=\"0.1\""); // the HighLatencyP99 and DatabasePoolWaitHigh thresholds

      TreeSet<String> routes = labels(after, "route");
      assertThat(routes).as("route labels").noneMatch(r -> r.contains(">"))
        .contains("/health", "/health/live", "/health/ready", "/metrics", "/api/", "/api/auth/", "/api/questions/{id}");
      assertThat(after).containsPattern("vertx_http_server_requests_total\\{code=\"200\",local=\"[^\"]*:" + management
        + "\",method=\"GET\",route=\"/health\"}");
    }
  }

  /** {@code {method, path}} of every operation in openapi.yaml. */
  static List<String[]> operations() {
    String contract = Ops.read(Ops.root().resolve("api-verticle/src/main/resources/openapi.yaml"));
    List<String[]> out = new ArrayList<>();
    Matcher m = OPERATION.matcher(contract);
    String path = null;
    while (m.find()) {
      if (m.group(1) != null) {
        path = m.group(1);
      } else if (path != null) {
        out.add(new String[] {m.group(2).toUpperCase(java.util.Locale.ROOT), path});
      }
    }
    assertThat(out).hasSizeGreaterThan(25);
    return out;
  }

  private static String register(int api) throws Exception {
    String body = "{\"email\":\"metrics-" + UUID.randomUUID() + "@example.com\",\"password\":\"correct horse battery staple\","
      + "\"name\":\"Metrics\"}";
    HttpResponse<String> r = Ops.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api + "/api/auth/register"))
      .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
      HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    Matcher m = Pattern.compile("\"accessToken\":\"([^\"]+)\"").matcher(r.body());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static void send(int port, String method, String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (path.endsWith("/avatar")) {
      b.header("Content-Type", "image/png").method(method, HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0x89, 'P', 'N', 'G'}));
    } else if (method.equals("GET") || method.equals("DELETE")) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString("{}"));
    }
    Ops.HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding());
  }

  /** Names of the metrics that have {@code _bucket} series. */
  static TreeSet<String> histograms(String page) {
    TreeSet<String> names = new TreeSet<>();
    page.lines().filter(l -> !l.startsWith("#") && l.contains("_bucket{"))
      .forEach(l -> names.add(l.substring(0, l.indexOf("_bucket{"))));
    return names;
  }

  static TreeSet<String> labels(String page, String label) {
    TreeSet<String> values = new TreeSet<>();
    Matcher m = Pattern.compile("[{,]" + label + "=\"([^\"]*)\"").matcher(page);
    while (m.find()) {
      values.add(m.group(1));
    }
    return values;
  }
}
