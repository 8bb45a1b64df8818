package com.interview.app.ops;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The provisioned Grafana dashboards and alert rules, read as the tests need them: every query, with its origin. */
final class Dashboards {

  static final Path DIR = Ops.root().resolve("monitoring/grafana/dashboards");

  /** A PromQL query of a dashboard (a panel target or a template variable) or an alert rule. */
  record Query(String where, String expr, boolean panel) {
  }

  private Dashboards() {
  }

  static List<Path> files() {
    try (Stream<Path> s = Files.list(DIR)) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonObject read(Path file) {
    return new JsonObject(Ops.read(file));
  }

  /** Every panel, rows' nested panels included. */
  static List<JsonObject> panels(JsonObject dashboard) {
    List<JsonObject> out = new ArrayList<>();
    for (Object o : dashboard.getJsonArray("panels", new JsonArray())) {
      JsonObject p = (JsonObject) o;
      out.add(p);
      for (Object n : p.getJsonArray("panels", new JsonArray())) {
        out.add((JsonObject) n);
      }
    }
    return out;
  }

  static List<Query> panelQueries() {
    List<Query> out = new ArrayList<>();
    for (Path f : files()) {
      JsonObject d = read(f);
      for (JsonObject p : panels(d)) {
        for (Object t : p.getJsonArray("targets", new JsonArray())) {
          JsonObject target = (JsonObject) t;
          out.add(new Query(f.getFileName() + " / " + p.getString("title") + " / " + target.getString("refId"),
            target.getString("expr"), true));
        }
      }
    }
    return out;
  }

  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*(\\w+)\\s*\\)");

  /** Template variables as PromQL: {@code label_values(m{...}, l)} becomes {@code group by (l) (m{...})}. */
  static List<Query> variableQueries() {
    List<Query> out = new ArrayList<>();
    for (Path f : files()) {
      for (Object o : read(f).getJsonObject("templating").getJsonArray("list")) {
        JsonObject v = (JsonObject) o;
        Object q = v.getValue("query");
        String text = q instanceof JsonObject j ? j.getString("query") : String.valueOf(q);
        Matcher m = LABEL_VALUES.matcher(text);
        if (!m.matches()) {
          throw new AssertionError(f.getFileName() + " variable " + v.getString("name") + ": not label_values(...): " + text);
        }
        out.add(new Query(f.getFileName() + " / $" + v.getString("name"), "group by (" + m.group(2) + ") (" + m.group(1) + ")", true));
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static List<Query> alertQueries() {
    List<Query> out = new ArrayList<>();
    Map<String, Object> rules = Ops.yaml(Ops.root().resolve("monitoring/alerts.yml"));
    for (Object g : (List<Object>) rules.get("groups")) {
      for (Object r : (List<Object>) ((Map<String, Object>) g).get("rules")) {
        Map<String, Object> rule = (Map<String, Object>) r;
        out.add(new Query("alert " + rule.get("alert"), String.valueOf(rule.get("expr")), false));
      }
    }
    return out;
  }

  /**
   * Grafana's variables made concrete: $__rate_interval → 1m (at a 1 s scrape interval), every template variable
   * ($instance, ${job}, ${route:regex} ...) → ".*", which is what "All" selects (allValue).
   */
  static String concrete(String expr) {
    return expr.replace("$__rate_interval", "1m").replace("$__interval", "15s")
      .replaceAll("\\$\\{\\w+(?::\\w+)?}", ".*").replaceAll("\\$\\w+", ".*");
  }
}
