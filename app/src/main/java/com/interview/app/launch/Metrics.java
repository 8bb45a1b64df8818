package com.interview.app.launch;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Vert.x metrics to Prometheus (vertx-micrometer-metrics): HTTP servers and clients labelled by route, method,
 * status and local address (which tells the proxy, API and management ports apart), pools, event bus, JVM.
 *
 * <p>Histograms are published only for the latencies a dashboard or an alert reads with {@code histogram_quantile},
 * each with a dozen fixed buckets around what matters for the service (SLO-style bounds, the alert thresholds among
 * them), never Micrometer's ~70 generic percentile buckets: a fresh node's page stays under 100 KB instead of half a
 * megabyte, and it grows by ~16 lines per new route and method, not by ~280 per route, method and status. Everything else (request and response
 * sizes, GC pauses, ...) keeps its count, sum and max.
 */
public final class Metrics {

  /** The answer-time histogram, the only meter whose {@code code} label is dropped (see {@link #histograms()}). */
  static final String HTTP_TIME = "vertx.http.server.response.time";

  /**
   * HTTP server answer times (seconds): the API Performance dashboard's p50/p95/p99, the HighLatencyP99 alert (2 s),
   * and the proxy's read timeout (60 s).
   */
  static final double[] HTTP_SECONDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 60};
  /** SQL and Redis round trips (seconds): the Database dashboard's p50/p95/p99. */
  static final double[] STORE_SECONDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5};
  /** Pool waits and holds (seconds): the Database dashboard's p99 and the DatabasePoolWaitHigh alert (100 ms). */
  static final double[] POOL_SECONDS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 10};

  /** Prometheus names (without _bucket) of the only histograms published, and their buckets in seconds. */
  static final Map<String, double[]> HISTOGRAMS = Map.of(
    HTTP_TIME, HTTP_SECONDS,
    "vertx.sql.processing.time", STORE_SECONDS,
    "vertx.redis.processing.time", STORE_SECONDS,
    "vertx.pool.queue.time", POOL_SECONDS,
    "vertx.pool.usage", POOL_SECONDS);

  private Metrics() {
  }

  public static MicrometerMetricsOptions options() {
    return new MicrometerMetricsOptions()
      .setEnabled(true)
      .setJvmMetricsEnabled(true)
      // upstream calls are measured by the proxy per server (proxy_upstream_*); Vert.x's own HTTP client meters,
      // without the server as a label, cost a registry lookup per request and say less
      .setDisabledMetricsCategories(Set.of(MetricsDomain.HTTP_CLIENT.toCategory()))
      .setLabels(EnumSet.of(Label.LOCAL, Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE,
        Label.POOL_NAME, Label.EB_ADDRESS, Label.EB_SIDE, Label.EB_FAILURE))
      // no percentile histogram on every timer and summary: the registry below chooses which ones, and their buckets
      .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(false));
  }

  /**
   * A Vert.x builder publishing to a registry of {@link #registry()} (the launcher and the tests use it), its HTTP
   * servers' request meters resolved once ({@link ResolvedMetersFactory}).
   */
  public static VertxBuilder builder(VertxOptions options) {
    return Vertx.builder().with(options.setMetricsOptions(options())).withMetrics(new ResolvedMetersFactory(registry()));
  }

  /** The Prometheus registry with the histogram filter installed before any meter exists. */
  public static PrometheusMeterRegistry registry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(histograms());
    return registry;
  }

  /**
   * Histograms with {@link #HISTOGRAMS}' buckets for those meters, none for any other Vert.x meter; the answer-time
   * histogram without the {@code code} label (no dashboard or alert reads latency by status, and each status would
   * repeat every bucket: {@code vertx_http_server_requests_total} keeps the status).
   */
  static MeterFilter histograms() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        if (!id.getName().equals(HTTP_TIME) || id.getTag("code") == null) {
          return id;
        }
        List<Tag> tags = new ArrayList<>();
        id.getTagsAsIterable().forEach(t -> {
          if (!t.getKey().equals("code")) {
            tags.add(t);
          }
        });
        return id.replaceTags(tags);
      }

      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (!id.getName().startsWith("vertx.")) {
          return config; // the proxy's and the application's own meters choose for themselves
        }
        double[] seconds = HISTOGRAMS.get(id.getName());
        DistributionStatisticConfig.Builder chosen = DistributionStatisticConfig.builder().percentilesHistogram(false)
          .percentiles();
        if (seconds != null) {
          double[] nanos = new double[seconds.length]; // every one of them is a timer: its base unit is the nanosecond
          for (int i = 0; i < seconds.length; i++) {
            nanos[i] = Math.round(seconds[i] * 1e9);
          }
          chosen.serviceLevelObjectives(nanos);
        }
        return chosen.build().merge(config);
      }
    };
  }
}
