package com.interview.app.launch;

import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.util.EnumSet;

/**
 * Vert.x metrics to Prometheus (vertx-micrometer-metrics): HTTP servers and clients labelled by route, method,
 * status and local address (which tells the proxy, API and management ports apart), pools, event bus, JVM.
 * Histograms are published with buckets so Grafana can compute quantiles across nodes.
 */
public final class Metrics {

  private Metrics() {
  }

  public static MicrometerMetricsOptions options() {
    return new MicrometerMetricsOptions()
      .setEnabled(true)
      .setJvmMetricsEnabled(true)
      // upstream calls are measured by the proxy per server (proxy_upstream_*); Vert.x's own HTTP client meters,
      // without the server as a label, cost a registry lookup per request and say less
      .setDisabledMetricsCategories(java.util.Set.of(io.vertx.micrometer.MetricsDomain.HTTP_CLIENT.toCategory()))
      .setLabels(EnumSet.of(Label.LOCAL, Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE,
        Label.POOL_NAME, Label.EB_ADDRESS, Label.EB_SIDE, Label.EB_FAILURE))
      .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(true));
  }
}
