package com.interview.app.launch;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.backends.BackendRegistries;

/**
 * vertx-micrometer-metrics' factory, whose HTTP servers resolve their request meters once
 * ({@link ResolvedMetersVertxMetrics}): the same meters, without five registry look-ups of freshly built ids per request.
 */
final class ResolvedMetersFactory implements VertxMetricsFactory {

  private final MicrometerMetricsFactory stock;
  private final MeterRegistry registry;

  ResolvedMetersFactory(MeterRegistry registry) {
    this.stock = new MicrometerMetricsFactory(registry);
    this.registry = registry;
  }

  @Override
  public VertxMetrics metrics(VertxOptions vertxOptions) {
    MetricsOptions given = vertxOptions.getMetricsOptions();
    MicrometerMetricsOptions options = given instanceof MicrometerMetricsOptions m ? m
      : new MicrometerMetricsOptions(given.toJson());
    VertxMetrics metrics = stock.metrics(vertxOptions);
    // the registry vertx-micrometer settled on: an earlier one of the same name wins over the one given
    MeterRegistry used = BackendRegistries.getNow(options.getRegistryName());
    return new ResolvedMetersVertxMetrics(metrics, used != null ? used : registry, options);
  }

  @Override
  public MetricsOptions newOptions() {
    return stock.newOptions();
  }

  @Override
  public MetricsOptions newOptions(MetricsOptions options) {
    return stock.newOptions(options);
  }

  @Override
  public MetricsOptions newOptions(JsonObject json) {
    return stock.newOptions(json);
  }
}
