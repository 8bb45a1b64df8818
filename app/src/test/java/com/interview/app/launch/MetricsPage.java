package com.interview.app.launch;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A node's Prometheus page ({@code /metrics} on its management port) read the way the tests need it. */
final class MetricsPage {

  private static final Pattern LABEL = Pattern.compile("(?:node|zone)=\"([^\"]*)\"");

  private MetricsPage() {
  }

  /** {@code name{node="…"} value} (or {@code zone}) rows of the page, by that label (by all labels when neither). */
  static Map<String, Double> rows(HttpClient http, int managementPort, String name) throws Exception {
    String page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/metrics")).build(),
      HttpResponse.BodyHandlers.ofString()).body();
    Map<String, Double> rows = new HashMap<>();
    Matcher m = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)$", Pattern.MULTILINE).matcher(page);
    while (m.find()) {
      Matcher label = LABEL.matcher(m.group(1));
      rows.put(label.find() ? label.group(1) : m.group(1), Double.parseDouble(m.group(2)));
    }
    return rows;
  }
}
