package com.interview.bench;

import com.interview.app.launch.Metrics;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import io.vertx.micrometer.MicrometerMetricsFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The HTTP server metrics' calls of one request as Vert.x makes them (requestBegin, requestRouted, requestEnd,
 * responseBegin, responseEnd), on the server metrics of vertx-micrometer-metrics ({@code stock}) and of
 * {@code Metrics.builder} ({@code ours}: meters resolved once), both with {@code Metrics.options()} and
 * {@code Metrics.registry()}. Requests cycle through four methods, routes and statuses. Run with
 * {@code scripts/bench/jmh.sh HttpServerMetricsBench}, with {@code -prof gc} for the bytes allocated per request.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HttpServerMetricsBench {

  private static final String[] ROUTES = {"/api/questions/:id", "/api/questions", "/api/questions", "/api/questions/:id"};
  private static final HttpMethod[] METHODS = {HttpMethod.GET, HttpMethod.GET, HttpMethod.POST, HttpMethod.GET};
  private static final int[] STATUSES = {200, 200, 201, 404};

  @Param({"stock", "ours"})
  public String metrics;

  private Vertx vertx;
  private HttpServerMetrics<Object, Object, Object> server;
  private Object connection;
  private final Request[] requests = new Request[ROUTES.length];
  private final Response[] responses = new Response[ROUTES.length];
  private int next;

  @Setup
  @SuppressWarnings("unchecked")
  public void setUp() {
    vertx = switch (metrics) {
      case "stock" -> Vertx.builder().with(new VertxOptions().setMetricsOptions(Metrics.options()))
        .withMetrics(new MicrometerMetricsFactory(Metrics.registry())).build();
      case "ours" -> Metrics.builder(new VertxOptions()).build();
      default -> throw new IllegalArgumentException("metrics: " + metrics + " (expected: stock or ours)");
    };
    server = (HttpServerMetrics<Object, Object, Object>) ((VertxInternal) vertx).metrics()
      .createHttpServerMetrics(new HttpServerOptions(), SocketAddress.inetSocketAddress(8080, "0.0.0.0"));
    connection = server.connected(SocketAddress.inetSocketAddress(40_000, "127.0.0.1"), null);
    for (int i = 0; i < ROUTES.length; i++) {
      requests[i] = new Request(METHODS[i]);
      responses[i] = new Response(STATUSES[i]);
    }
  }

  @TearDown
  public void tearDown() {
    vertx.close().await();
  }

  @Benchmark
  public Object request() {
    int i = next++ & (ROUTES.length - 1);
    Request request = requests[i];
    Response response = responses[i];
    Object metric = server.requestBegin(connection, request);
    server.requestRouted(metric, ROUTES[i]);
    server.requestEnd(metric, request, 0);
    server.responseBegin(metric, response);
    server.responseEnd(metric, response, 200);
    return metric;
  }

  private record Request(HttpMethod method) implements HttpRequest {

    @Override
    public int id() {
      return 1;
    }

    @Override
    public String uri() {
      return "/api/questions";
    }

    @Override
    public String absoluteURI() {
      return "http://127.0.0.1:8080/api/questions";
    }

    @Override
    public MultiMap headers() {
      return MultiMap.caseInsensitiveMultiMap();
    }

    @Override
    public SocketAddress remoteAddress() {
      return null;
    }
  }

  private record Response(int statusCode) implements HttpResponse {

    @Override
    public MultiMap headers() {
      return MultiMap.caseInsensitiveMultiMap();
    }
  }
}
