package com.interview.app.launch;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry's histogram policy: fixed buckets for the latencies dashboards read, none for anything else. */
class MetricsTest {

  @Test
  void answerTimesGetTwelveBucketsWithoutTheStatus() {
    PrometheusMeterRegistry registry = Metrics.registry();
    Timer.builder(Metrics.HTTP_TIME).tags("code", "200", "route", "/api/", "method", "GET").register(registry)
      .record(Duration.ofMillis(30));
    Timer.builder(Metrics.HTTP_TIME).tags("code", "404", "route", "/api/", "method", "GET").register(registry)
      .record(Duration.ofMillis(3));
    String page = registry.scrape();
    assertThat(page.lines().filter(l -> l.startsWith("vertx_http_server_response_time_seconds_bucket"))).hasSize(13)
      .allMatch(l -> !l.contains("code="));
    assertThat(page).contains("vertx_http_server_response_time_seconds_bucket{method=\"GET\",route=\"/api/\",le=\"0.005\"} 1")
      .contains("le=\"0.05\"} 2").contains("le=\"2.0\"").contains("le=\"60.0\"").contains("le=\"+Inf\"} 2")
      .contains("vertx_http_server_response_time_seconds_count{method=\"GET\",route=\"/api/\"} 2");
  }

  @Test
  void storeAndPoolTimesGetTheirBucketsAndEverythingElseNone() {
    PrometheusMeterRegistry registry = Metrics.registry();
    Timer.builder("vertx.sql.processing.time").register(registry).record(Duration.ofMillis(2));
    Timer.builder("vertx.pool.queue.time").tag("pool_name", "interview-pg").register(registry).record(Duration.ofMillis(2));
    DistributionSummary.builder("vertx.http.server.response.bytes").publishPercentileHistogram().register(registry).record(512);
    Timer.builder("jvm.gc.pause").register(registry).record(Duration.ofMillis(5));
    Timer.builder("proxy.own.time").publishPercentileHistogram().register(registry).record(Duration.ofMillis(5));
    String page = registry.scrape();
    assertThat(page.lines().filter(l -> l.startsWith("vertx_sql_processing_time_seconds_bucket")))
      .hasSize(Metrics.STORE_SECONDS.length + 1);
    assertThat(page.lines().filter(l -> l.startsWith("vertx_pool_queue_time_seconds_bucket")))
      .hasSize(Metrics.POOL_SECONDS.length + 1);
    assertThat(page).contains("vertx_pool_queue_time_seconds_bucket{pool_name=\"interview-pg\",le=\"0.1\"} 1")
      .doesNotContain("vertx_http_server_response_bytes_bucket").doesNotContain("jvm_gc_pause_seconds_bucket")
      .contains("vertx_http_server_response_bytes_count 1").contains("jvm_gc_pause_seconds_count 1")
      .contains("proxy_own_time_seconds_bucket"); // meters outside vertx.* choose for themselves
  }
}
