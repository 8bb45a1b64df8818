package com.interview.app.launch;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.DatagramSocketMetrics;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.metrics.TCPMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * vertx-micrometer-metrics' {@link VertxMetrics}, all of it, but for HTTP servers' request meters: those are
 * {@link ResolvedHttpServerMetrics}' (on top of vertx-micrometer's server metrics, which keep the connection meters).
 * Options this class does not reproduce ({@code path} or {@code remote} labels, a server request tags provider) leave
 * the HTTP server metrics vertx-micrometer's.
 */
final class ResolvedMetersVertxMetrics implements VertxMetrics {

  private final VertxMetrics stock;
  private final MeterRegistry registry;
  private final MicrometerMetricsOptions options;
  private final Set<Label> labels;
  private final ConcurrentMap<Meter.Id, LongAdder> gauges = new ConcurrentHashMap<>();

  ResolvedMetersVertxMetrics(VertxMetrics stock, MeterRegistry registry, MicrometerMetricsOptions options) {
    this.stock = stock;
    this.registry = registry;
    this.options = options;
    this.labels = Set.copyOf(options.getLabels());
  }

  private boolean reproduced() {
    return !labels.contains(Label.HTTP_PATH) && !labels.contains(Label.REMOTE)
      && options.getServerRequestTagsProvider() == null;
  }

  @Override
  public HttpServerMetrics<?, ?, ?> createHttpServerMetrics(HttpServerOptions serverOptions, SocketAddress localAddress) {
    HttpServerMetrics<?, ?, ?> connections = stock.createHttpServerMetrics(serverOptions, localAddress);
    if (connections == null || !reproduced()) {
      return connections; // disabled (MetricsDomain.HTTP_SERVER), or options only vertx-micrometer follows
    }
    return new ResolvedHttpServerMetrics(connections,
      new HttpServerMeters(registry, options.getMetricsNaming(), labels, localAddress, gauges));
  }

  @Override
  public EventBusMetrics<?> createEventBusMetrics() {
    return stock.createEventBusMetrics();
  }

  @Override
  public ClientMetrics<?, ?, ?> createClientMetrics(SocketAddress remoteAddress, String type, String namespace) {
    return stock.createClientMetrics(remoteAddress, type, namespace);
  }

  @Override
  public HttpClientMetrics<?, ?, ?> createHttpClientMetrics(HttpClientOptions clientOptions) {
    return stock.createHttpClientMetrics(clientOptions);
  }

  @Override
  public TCPMetrics<?> createNetServerMetrics(NetServerOptions serverOptions, SocketAddress localAddress) {
    return stock.createNetServerMetrics(serverOptions, localAddress);
  }

  @Override
  public TCPMetrics<?> createNetClientMetrics(NetClientOptions clientOptions) {
    return stock.createNetClientMetrics(clientOptions);
  }

  @Override
  public DatagramSocketMetrics createDatagramSocketMetrics(DatagramSocketOptions socketOptions) {
    return stock.createDatagramSocketMetrics(socketOptions);
  }

  @Override
  public PoolMetrics<?, ?> createPoolMetrics(String type, String name, int maxSize) {
    return stock.createPoolMetrics(type, name, maxSize);
  }

  @Override
  public void vertxCreated(Vertx vertx) {
    stock.vertxCreated(vertx);
  }

  @Override
  public boolean isMetricsEnabled() {
    return stock.isMetricsEnabled();
  }

  @Override
  public void close() {
    stock.close();
  }
}
