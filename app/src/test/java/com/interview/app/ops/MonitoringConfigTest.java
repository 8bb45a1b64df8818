package com.interview.app.ops;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitoring files as files: promtool accepts the Prometheus configurations and the rules, the rules pass their
 * unit tests (monitoring/alerts.test.yml, promtool test rules), the scrape jobs are
 * the ones the layouts need, and Grafana's provisioning fits together (data source uid, provider path = the compose
 * mount, dashboards well formed). MonitoringIT runs every query against a live node.
 */
class MonitoringConfigTest {

  private static final Path ROOT = Ops.root();
  private static final Path MON = ROOT.resolve("monitoring");

  @Test
  void promtoolAcceptsEveryConfigurationAndTheRules() {
    Ops.requireTool("promtool", "prometheus");
    Ops.Result rules = Ops.run(MON, Map.of(), Duration.ofMinutes(1), "promtool", "check", "rules", "alerts.yml").ok();
    assertThat(rules.output()).contains("SUCCESS: " + Dashboards.alertQueries().size() + " rules found");
    for (String f : List.of("prometheus.yml", "prometheus.scaled.yml", "prometheus.local.yml")) {
      Ops.Result r = Ops.run(MON, Map.of(), Duration.ofMinutes(1), "promtool", "check", "config", f).ok();
      assertThat(r.output()).contains("SUCCESS: 1 rule files found").contains(f + " is valid prometheus config file syntax");
    }
  }

  /**
   * monitoring/alerts.test.yml: promtool's unit tests of the rules pass, and each alert is tested both ways - an
   * evaluation where it fires and one where it must not.
   */
  @Test
  @SuppressWarnings("unchecked")
  void everyAlertFiresOnItsCaseAndNotOnAHealthyOneInPromtoolsRuleTests() {
    Ops.requireTool("promtool", "prometheus");
    Ops.Result r = Ops.run(MON, Map.of(), Duration.ofMinutes(1), "promtool", "test", "rules", "alerts.test.yml");
    assertThat(r.exit()).as("promtool test rules alerts.test.yml:\n" + r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS");

    Set<String> fires = new HashSet<>();
    Set<String> quiet = new HashSet<>();
    for (Object t : (List<Object>) Ops.yaml(MON.resolve("alerts.test.yml")).get("tests")) {
      for (Object a : (List<Object>) ((Map<String, Object>) t).get("alert_rule_test")) {
        Map<String, Object> check = (Map<String, Object>) a;
        List<Object> expected = (List<Object>) check.get("exp_alerts");
        (expected == null || expected.isEmpty() ? quiet : fires).add((String) check.get("alertname"));
      }
    }
    List<String> alerts = Dashboards.alertQueries().stream().map(q -> q.where().substring("alert ".length())).toList();
    assertThat(alerts).contains("ReadinessFailing", "NodeDown");
    assertThat(fires).as("alerts with a case that fires them").containsAll(alerts);
    assertThat(quiet).as("alerts with a case that must not fire them").containsAll(alerts);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> jobs(String file) {
    Map<String, Map<String, Object>> jobs = new java.util.LinkedHashMap<>();
    for (Object o : (List<Object>) Ops.yaml(MON.resolve(file)).get("scrape_configs")) {
      Map<String, Object> j = (Map<String, Object>) o;
      jobs.put((String) j.get("job_name"), j);
    }
    return jobs;
  }

  @SuppressWarnings("unchecked")
  private static List<String> staticTargets(Map<String, Object> job) {
    List<String> out = new ArrayList<>();
    for (Object sc : (List<Object>) job.get("static_configs")) {
      out.addAll((List<String>) ((Map<String, Object>) sc).get("targets"));
    }
    return out;
  }

  @Test
  @SuppressWarnings("unchecked")
  void theLbLayoutScrapesTheProxyTheThreeApiNodesAndItselfTheScaledOneFindsReplicasByDns() {
    Map<String, Map<String, Object>> lb = jobs("prometheus.yml");
    assertThat(lb.keySet()).containsExactly("proxy", "api", "prometheus");
    assertThat(staticTargets(lb.get("proxy"))).containsExactly("proxy:9000");
    assertThat(staticTargets(lb.get("api"))).containsExactly("app1:9000", "app2:9000", "app3:9000");
    assertThat(staticTargets(lb.get("prometheus"))).containsExactly("localhost:9090");
    assertThat((List<String>) Ops.yaml(MON.resolve("prometheus.yml")).get("rule_files")).containsExactly("alerts.yml");

    Map<String, Map<String, Object>> scaled = jobs("prometheus.scaled.yml");
    assertThat(scaled.keySet()).containsExactly("proxy", "api", "prometheus");
    assertThat(staticTargets(scaled.get("proxy"))).containsExactly("proxy:9000");
    Map<String, Object> dns = (Map<String, Object>) ((List<Object>) scaled.get("api").get("dns_sd_configs")).get(0);
    assertThat(dns).containsEntry("type", "A").containsEntry("port", 9000);
    assertThat((List<String>) dns.get("names")).containsExactly("app");
    assertThat(scaled.get("api")).doesNotContainKey("static_configs");
  }

  @Test
  @SuppressWarnings("unchecked")
  void grafanaProvisioningFitsTogether() {
    Map<String, Object> ds = (Map<String, Object>) ((List<Object>) Ops.yaml(MON.resolve("grafana/datasources/prometheus.yml"))
      .get("datasources")).get(0);
    assertThat(ds).containsEntry("uid", "prometheus").containsEntry("type", "prometheus")
      .containsEntry("url", "http://prometheus:9090");

    Map<String, Object> provider = (Map<String, Object>) ((List<Object>) Ops.yaml(MON.resolve("grafana/dashboards/dashboards.yml"))
      .get("providers")).get(0);
    String path = (String) ((Map<String, Object>) provider.get("options")).get("path");
    // the provider reads the directory compose mounts the dashboards into
    assertThat(Ops.read(ROOT.resolve("docker/compose.services.yml")))
      .contains("../monitoring/grafana/dashboards:" + path + ":ro")
      .contains("../monitoring/grafana/datasources:/etc/grafana/provisioning/datasources:ro");

    List<Path> files = Dashboards.files();
    assertThat(files.stream().map(p -> p.getFileName().toString()))
      .containsExactlyInAnyOrder("system-overview.json", "api-performance.json", "load-balancer.json", "database.json");
    Set<String> uids = new HashSet<>();
    List<String> titles = new ArrayList<>();
    for (Path f : files) {
      JsonObject d = Dashboards.read(f);
      assertThat(uids.add(d.getString("uid"))).as("unique uid " + d.getString("uid")).isTrue();
      titles.add(d.getString("title"));
      Set<Integer> ids = new HashSet<>();
      List<int[]> boxes = new ArrayList<>();
      for (JsonObject p : Dashboards.panels(d)) {
        String where = f.getFileName() + " / " + p.getString("title");
        assertThat(ids.add(p.getInteger("id"))).as("unique panel id " + where).isTrue();
        JsonObject g = p.getJsonObject("gridPos");
        int[] box = {g.getInteger("x"), g.getInteger("y"), g.getInteger("w"), g.getInteger("h")};
        assertThat(box[0] + box[2]).as("width of " + where).isLessThanOrEqualTo(24);
        for (int[] other : boxes) {
          boolean overlap = box[0] < other[0] + other[2] && other[0] < box[0] + box[2]
            && box[1] < other[1] + other[3] && other[1] < box[1] + box[3];
          assertThat(overlap).as(where + " overlaps another panel").isFalse();
        }
        boxes.add(box);
        if (p.getString("type").equals("row")) {
          continue;
        }
        assertThat(p.getJsonObject("datasource").getString("uid")).as(where).isEqualTo("prometheus");
        assertThat(p.getJsonArray("targets")).as(where).isNotEmpty();
        assertThat(p.getString("description")).as(where).isNotBlank();
        for (Object t : p.getJsonArray("targets")) {
          JsonObject target = (JsonObject) t;
          assertThat(target.getString("expr")).as(where).isNotBlank();
          assertThat(target.getJsonObject("datasource").getString("uid")).as(where).isEqualTo("prometheus");
        }
      }
    }
    assertThat(titles).anySatisfy(t -> assertThat(t).contains("System Overview"))
      .anySatisfy(t -> assertThat(t).contains("API Performance"))
      .anySatisfy(t -> assertThat(t).contains("Load Balancer"))
      .anySatisfy(t -> assertThat(t).contains("Database"));
  }

  private static final Pattern RATE_OF = Pattern.compile("\\b(?:rate|irate|increase)\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");

  /**
   * rate(), irate() and increase() are only right on counters (Prometheus names them *_total, histograms *_count,
   * *_sum, *_bucket): on a gauge holding a running count they read every restart or reset as a negative rate.
   */
  @Test
  void ratesAreTakenOfCountersOnly() {
    List<Dashboards.Query> queries = new ArrayList<>(Dashboards.panelQueries());
    queries.addAll(Dashboards.alertQueries());
    int rates = 0;
    for (Dashboards.Query q : queries) {
      Matcher m = RATE_OF.matcher(q.expr());
      while (m.find()) {
        rates++;
        assertThat(m.group(1)).as(q.where() + ": " + q.expr()).matches(".+_(total|count|sum|bucket)");
      }
    }
    assertThat(rates).as("rate() and increase() calls found").isGreaterThan(30);
  }

  @Test
  void latencyPanelsUseHistogramQuantileOverBuckets() {
    List<String> api = Dashboards.panelQueries().stream().filter(q -> q.where().startsWith("api-performance.json"))
      .map(Dashboards.Query::expr).toList();
    for (String q : List.of("0.50", "0.95", "0.99")) {
      assertThat(api).anySatisfy(e -> assertThat(e).contains("histogram_quantile(" + q)
        .contains("vertx_http_server_response_time_seconds_bucket"));
    }
    assertThat(api).anySatisfy(e -> assertThat(e).contains("by (route)").contains("code=~\"5..\""));
  }
}
