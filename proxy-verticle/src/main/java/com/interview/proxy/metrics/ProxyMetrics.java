package com.interview.proxy.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * The proxy's own meters, beside the HTTP server metrics Vert.x records (requests and latency by route and
 * status): rate limiting, connection limits, upstream selections, retries and health. Prometheus names:
 * {@code proxy_ratelimit_rejected_total{zone}}, {@code proxy_ratelimit_delayed_total{zone}},
 * {@code proxy_connections_rejected_total{limit}}, {@code proxy_connections_active},
 * {@code proxy_upstream_selections_total{server}}, {@code proxy_upstream_in_flight{server}},
 * {@code proxy_upstream_up{server}}, {@code proxy_upstream_failures_total{server,reason}},
 * {@code proxy_upstream_retries_total}, {@code proxy_upstream_response_time_seconds{server}} (histogram),
 * {@code proxy_client_timeouts_total{phase}} (slow clients cut: {@code header}, {@code body}, {@code send}).
 * Meters are resolved once and held by their users: no registry lookup per request.
 */
public final class ProxyMetrics {

  private final MeterRegistry registry;
  private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

  public ProxyMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The registry of vertx-micrometer-metrics when metrics are on, else a private one (tests, metrics off). */
  public static ProxyMetrics create() {
    MeterRegistry r = BackendRegistries.getDefaultNow();
    return new ProxyMetrics(r != null ? r : new SimpleMeterRegistry());
  }

  public MeterRegistry registry() {
    return registry;
  }

  public Counter rateLimited(String zone) {
    return counter("proxy.ratelimit.rejected", "zone", zone);
  }

  public Counter rateDelayed(String zone) {
    return counter("proxy.ratelimit.delayed", "zone", zone);
  }

  public Counter connectionsRejected(String limit) {
    return counter("proxy.connections.rejected", "limit", limit);
  }

  /** Slow clients cut, by {@code phase}: {@code header}, {@code body} or {@code send}. */
  public Counter clientTimeouts(String phase) {
    return counter("proxy.client.timeouts", "phase", phase);
  }

  public Counter selections(String server) {
    return counter("proxy.upstream.selections", "server", server);
  }

  public Counter failures(String server, String reason) {
    return counter("proxy.upstream.failures", "server", server, "reason", reason);
  }

  /**
   * Time from sending a request upstream to its response head, by server: a histogram of 12 fixed buckets from 5 ms
   * to 60 s (the read timeout), what the Load Balancer dashboard's p50/p99 need, instead of ~70 generic ones.
   */
  public io.micrometer.core.instrument.Timer upstreamTime(String server) {
    return io.micrometer.core.instrument.Timer.builder("proxy.upstream.response.time").tag("server", server)
      .serviceLevelObjectives(UPSTREAM_BUCKETS).register(registry);
  }

  private static final java.time.Duration[] UPSTREAM_BUCKETS = java.util.stream.Stream.of(5, 10, 25, 50, 100, 250, 500,
    1000, 2000, 5000, 10000, 60000).map(java.time.Duration::ofMillis).toArray(java.time.Duration[]::new);

  public Counter retries() {
    return counter("proxy.upstream.retries");
  }

  /** A counter by name and tags (resolved once by its user). */
  public Counter counterOf(String name, String... tags) {
    return counter(name, tags);
  }

  /** Registers a gauge once; later calls with the same name and tags keep the first. */
  public void gauge(String name, Supplier<Number> value, String... tags) {
    Gauge.builder(name, value).tags(tags).register(registry);
  }

  private Counter counter(String name, String... tags) {
    String key = name + String.join("|", tags);
    return counters.computeIfAbsent(key, k -> Counter.builder(name).tags(tags).register(registry));
  }
}
