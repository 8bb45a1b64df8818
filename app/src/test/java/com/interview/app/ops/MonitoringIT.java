package com.interview.app.ops;

import com.interview.app.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every query of every dashboard and every alert rule, run by a real Prometheus against real nodes.
 *
 * <p>Two JVMs from the fat jar: an {@code api} job node in role {@code all} started with {@code -cluster} in a
 * Hazelcast cluster of its own (proxy + API over the clustered event bus, so the proxy chooses among the cluster's API
 * nodes by their load reports and exports the per-API-node metrics proxy_node_*; PostgreSQL, Redis, a small
 * rate-limit zone so requests get 429), and a {@code proxy} job node on the http transport
 * configured with docker/conf/proxy-http.yaml and the proxy container's logging configuration, balancing over the
 * first node's API port and a dead port (failures and retries). Prometheus (Debian's package) scrapes both every
 * second with a configuration derived from monitoring/prometheus.yml and evaluates monitoring/alerts.yml.
 * After some traffic every panel query must be valid and return data.
 */
class MonitoringIT {

  private static final Path ROOT = Ops.root();

  @Test
  void everyPanelQueryReturnsDataAndEveryAlertRuleEvaluates(@TempDir Path tmp) throws Exception {
    Ops.requireTool("prometheus", "prometheus");
    Ops.requireTool("promtool", "prometheus");
    TestNode.ensureDatabase();

    int allProxy = Ops.freePort();
    int allApi = Ops.freePort();
    int allManagement = Ops.freePort();
    int proxyPort = Ops.freePort();
    int proxyManagement = Ops.freePort();
    int deadUpstream = Ops.freePort(); // nothing listens here
    int promPort = Ops.freePort();

    Map<String, String> allEnv = new HashMap<>(TestNode.env(Map.of()));
    allEnv.putAll(Map.of("APP_ROLE", "all", "PROXY_PORT", "" + allProxy, "PORT", "" + allApi,
      "MANAGEMENT_PORT", "" + allManagement));
    // a cluster name of its own: other tests' and engineers' clusters on this machine stay apart
    String clusterName = "mon-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    String allConf = "{\"cluster\":{\"name\":\"" + clusterName + "\"},"
      + "\"proxy\":{\"limits\":{\"api\":{\"rate\":\"2r/s\",\"burst\":2,\"nodelay\":true}}}}";

    Path proxyDir = tmp.resolve("proxy");
    Files.createDirectories(proxyDir.resolve("logs"));
    Path overlay = proxyOverlay(proxyDir);
    Map<String, String> proxyEnv = new HashMap<>(TestNode.env(Map.of()));
    proxyEnv.putAll(Map.of("APP_ROLE", "proxy", "PROXY_PORT", "" + proxyPort, "MANAGEMENT_PORT", "" + proxyManagement,
      "PORT", "" + Ops.freePort(),
      "PROXY_UPSTREAMS", "http://127.0.0.1:" + allApi + ",http://127.0.0.1:" + deadUpstream));

    try (JarNode all = JarNode.java("all", tmp.resolve("all"), allEnv, List.of("-Xmx256m"),
           "-cluster", "-cluster-host", "127.0.0.1", "-conf", allConf);
         JarNode proxy = JarNode.java("proxy", proxyDir, proxyEnv, List.of("-Xmx192m",
           "-Djava.util.logging.config.file=" + ROOT.resolve("docker/conf/logging-proxy.properties")), "-conf", overlay.toString())) {
      all.awaitStatus("http://127.0.0.1:" + allManagement + "/health/ready", 200, Duration.ofSeconds(120));
      proxy.awaitStatus("http://127.0.0.1:" + proxyPort + "/health", 200, Duration.ofSeconds(120));

      Path promConfig = prometheusConfig(tmp, Map.of("proxy", proxyManagement, "api", allManagement, "prometheus", promPort));
      Ops.run(tmp, Map.of(), Duration.ofMinutes(1), "promtool", "check", "config", promConfig.toString()).ok();
      try (JarNode prometheus = JarNode.start("prometheus", tmp.resolve("prom"), Map.of(), List.of("prometheus",
        "--config.file=" + promConfig, "--storage.tsdb.path=" + tmp.resolve("prom/data"),
        "--web.listen-address=127.0.0.1:" + promPort, "--log.level=warn"))) {
        String prom = "http://127.0.0.1:" + promPort;
        prometheus.awaitStatus(prom + "/-/ready", 200, Duration.ofSeconds(60));
        awaitTargetsUp(prom, 3, prometheus);

        drive(allProxy, allManagement, proxyPort);
        awaitScrapedAfter(prom, System.currentTimeMillis() / 1000.0 + 1, prometheus); // the last requests scraped

        List<String> failures = new ArrayList<>();
        List<Dashboards.Query> queries = new ArrayList<>(Dashboards.variableQueries());
        queries.addAll(Dashboards.panelQueries());
        queries.addAll(Dashboards.alertQueries());
        int withData = 0;
        for (Dashboards.Query q : queries) {
          String expr = Dashboards.concrete(q.expr());
          JsonObject answer = query(prom, expr);
          if (!"success".equals(answer.getString("status"))) {
            failures.add(q.where() + ": invalid: " + answer.getString("error") + "\n    " + expr);
            continue;
          }
          if (!q.panel()) {
            continue;
          }
          JsonArray result = answer.getJsonObject("data").getJsonArray("result");
          boolean finite = result.stream().map(r -> ((JsonObject) r).getJsonArray("value").getString(1))
            .anyMatch(v -> !v.equals("NaN") && !v.contains("Inf"));
          if (!finite) {
            failures.add(q.where() + ": no data (" + result.size() + " series, none with a number)\n    " + expr);
          } else {
            withData++;
          }
        }
        assertThat(failures).as("queries that failed against " + prom).isEmpty();
        assertThat(withData).isGreaterThan(60);

        assertRulesEvaluate(prom);
      }
      // the proxy container's files: access.log with the requests, error.log opened by the logging configuration
      assertThat(Files.readString(proxyDir.resolve("logs/access.log"))).contains("\"GET /api HTTP/1.1\" 200");
      assertThat(proxyDir.resolve("logs/error.log")).exists();
    }
  }

  /** docker/conf/proxy-http.yaml with TLS off (no certificate here) and active checks off (passive failures count). */
  @SuppressWarnings("unchecked")
  private static Path proxyOverlay(Path dir) throws IOException {
    Map<String, Object> conf = Ops.yaml(ROOT.resolve("docker/conf/proxy-http.yaml"));
    Map<String, Object> proxy = (Map<String, Object>) conf.get("proxy");
    assertThat(((Map<String, Object>) proxy.get("accessLog")).get("path")).isEqualTo("logs/access.log");
    ((Map<String, Object>) proxy.get("tls")).put("enabled", false);
    ((Map<String, Object>) ((Map<String, Object>) proxy.get("upstream")).get("healthCheck")).put("enabled", false);
    Path p = dir.resolve("proxy-http.yaml");
    Files.writeString(p, dump(conf));
    return p;
  }

  /** monitoring/prometheus.yml with the same jobs pointed at the test's ports, 1 s intervals, the real rules. */
  @SuppressWarnings("unchecked")
  private static Path prometheusConfig(Path dir, Map<String, Integer> ports) throws IOException {
    Map<String, Object> conf = Ops.yaml(ROOT.resolve("monitoring/prometheus.yml"));
    Map<String, Object> global = (Map<String, Object>) conf.get("global");
    global.put("scrape_interval", "1s");
    global.put("evaluation_interval", "1s");
    conf.put("rule_files", List.of(ROOT.resolve("monitoring/alerts.yml").toString()));
    Set<String> jobs = new java.util.HashSet<>();
    for (Object o : (List<Object>) conf.get("scrape_configs")) {
      Map<String, Object> job = (Map<String, Object>) o;
      String name = (String) job.get("job_name");
      jobs.add(name);
      assertThat(ports).as("a port for job " + name).containsKey(name);
      job.put("static_configs", List.of(Map.of("targets", List.of("127.0.0.1:" + ports.get(name)))));
      job.put("scrape_timeout", "1s");
    }
    assertThat(jobs).isEqualTo(ports.keySet());
    Path p = dir.resolve("prometheus.yml");
    Files.writeString(p, dump(conf));
    return p;
  }

  private static String dump(Object yaml) {
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return new Yaml(o).dump(yaml);
  }

  private static JsonObject query(String prom, String expr) {
    return new JsonObject(Ops.get(prom + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)).body());
  }

  private static void awaitTargetsUp(String prom, int count, JarNode prometheus) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonObject last = null;
    while (System.nanoTime() < deadline) {
      last = query(prom, "up == 1");
      if ("success".equals(last.getString("status")) && last.getJsonObject("data").getJsonArray("result").size() == count) {
        return;
      }
      Ops.sleep(250);
    }
    throw new AssertionError("not every target up: " + last + "\n" + prometheus.output());
  }

  /** Until every target has been scraped at or after {@code epochSeconds} (Prometheus's scrape timestamps). */
  private static void awaitScrapedAfter(String prom, double epochSeconds, JarNode prometheus) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonObject last = null;
    while (System.nanoTime() < deadline) {
      last = query(prom, "min(timestamp(up))");
      JsonArray result = "success".equals(last.getString("status")) ? last.getJsonObject("data").getJsonArray("result") : null;
      if (result != null && !result.isEmpty()
        && Double.parseDouble(result.getJsonObject(0).getJsonArray("value").getString(1)) >= epochSeconds) {
        return;
      }
      Ops.sleep(250);
    }
    throw new AssertionError("not every target scraped after " + epochSeconds + ": " + last + "\n" + prometheus.output());
  }

  /** A few seconds of traffic: API index, 404s, rate-limited requests, health checks, through both proxies. */
  private static void drive(int allProxy, int allManagement, int proxyPort) {
    String all = "http://127.0.0.1:" + allProxy;
    String px = "http://127.0.0.1:" + proxyPort;
    Map<Integer, Integer> statuses = new HashMap<>();
    // a burst over the zone (2 r/s, burst 2): of 10 back to back, at most 3 + 2 per second pass, so some are 429
    // unless they take 3.5 s
    for (int i = 0; i < 10; i++) {
      statuses.merge(Ops.get(all + "/api", "Accept", "application/json").statusCode(), 1, Integer::sum);
    }
    long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
    while (System.nanoTime() < end) {
      for (String url : List.of(all + "/api", all + "/api", px + "/api")) {
        statuses.merge(Ops.get(url, "Accept", "application/json").statusCode(), 1, Integer::sum);
      }
      statuses.merge(Ops.status(all + "/no-such-page"), 1, Integer::sum);
      statuses.merge(Ops.status(all + "/health"), 1, Integer::sum);
      statuses.merge(Ops.status(px + "/health"), 1, Integer::sum);
      statuses.merge(Ops.status("http://127.0.0.1:" + allManagement + "/health"), 1, Integer::sum);
      Ops.sleep(150);
    }
    assertThat(statuses).as("status codes of the traffic").containsKeys(200, 404, 429);
  }

  /** Every alert rule has been evaluated without error (health "ok") by the rule manager. */
  private static void assertRulesEvaluate(String prom) {
    int expected = Dashboards.alertQueries().size();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    List<String> notOk = List.of();
    while (System.nanoTime() < deadline) {
      JsonObject rules = new JsonObject(Ops.get(prom + "/api/v1/rules").body());
      List<JsonObject> all = rules.getJsonObject("data").getJsonArray("groups").stream()
        .flatMap(g -> ((JsonObject) g).getJsonArray("rules").stream()).map(r -> (JsonObject) r).toList();
      notOk = all.stream().filter(r -> !"ok".equals(r.getString("health")))
        .map(r -> r.getString("name") + ": " + r.getString("health") + " " + r.getString("lastError", "")).collect(Collectors.toList());
      if (all.size() == expected && notOk.isEmpty()) {
        return;
      }
      Ops.sleep(500);
    }
    throw new AssertionError("alert rules not all evaluated ok: " + notOk);
  }
}
