package com.interview.app.launch;

import com.interview.proxy.Backend;
import com.interview.proxy.HttpProxy;
import com.interview.proxy.HttpTestConfig;
import com.interview.proxy.balance.UpstreamConfig;
import com.interview.testing.RawHttp;
import com.interview.testing.TestHttp;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.MicrometerMetricsFactory;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.interview.testing.TestHttp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ResolvedMetersFactory}'s HTTP server meters against vertx-micrometer-metrics' own: the same traffic (methods,
 * statuses, a route, nested routes, no route, a reset, a WebSocket, two servers) on a Vert.x of each, and the two
 * Prometheus pages' {@code vertx_http_server_*} lines the same - names, labels, descriptions, types and every count,
 * size and gauge - but for the answer time's sum, max and buckets, which depend on timing.
 */
class HttpServerMetricsTest {

  private static final Pattern SAMPLE = Pattern.compile("^(\\w+)(\\{[^}]*})? (\\S+)$");
  private static final Pattern TIMED = Pattern.compile("vertx_http_server_response_time_seconds_(sum|max|bucket)");
  private static final Duration SETTLE = Duration.ofSeconds(10);

  @Test
  void publishesWhatVertxMicrometerPublishesForTheSameTraffic() {
    Run stock = run("stock", MicrometerMetricsFactory::new, HttpServerMetricsTest::routerTraffic);
    Run ours = run("ours", ResolvedMetersFactory::new, HttpServerMetricsTest::routerTraffic);

    assertThat(ours.metrics()).isEqualTo(ResolvedHttpServerMetrics.class);
    assertThat(stock.metrics()).isNotEqualTo(ResolvedHttpServerMetrics.class);
    assertThat(stock.series()).as("the traffic reached every request meter").contains(
      "vertx_http_server_requests_total{code=\"200\",local=\"127.0.0.1:0\",method=\"GET\",route=\"/items/:id\"} 2.0",
      "vertx_http_server_requests_total{code=\"202\",local=\"127.0.0.1:0\",method=\"GET\",route=\"/sub/>/deep\"} 1.0",
      "vertx_http_server_requests_total{code=\"404\",local=\"127.0.0.1:0\",method=\"GET\",route=\"\"} 1.0",
      "vertx_http_server_requests_total{code=\"204\",local=\"0.0.0.0:0\",method=\"PUT\",route=\"\"} 1.0",
      "vertx_http_server_requests_total{code=\"101\",local=\"127.0.0.1:0\",method=\"GET\",route=\"/ws\"} 1.0",
      "vertx_http_server_request_resets_total{local=\"127.0.0.1:0\",method=\"GET\"} 1.0",
      "vertx_http_server_active_ws_connections{local=\"127.0.0.1:0\"} 0.0",
      "vertx_http_server_request_bytes_sum{local=\"127.0.0.1:0\",method=\"POST\"} 11.0",
      "vertx_http_server_response_time_seconds_count{local=\"127.0.0.1:0\",method=\"GET\",route=\"/items/:id\"} 2",
      "vertx_http_server_response_time_seconds_bucket{local=\"127.0.0.1:0\",method=\"GET\",route=\"/items/:id\",le=\"60.0\"} (time)")
      .anyMatch(l -> l.startsWith("vertx_http_server_bytes_written_total{local=\"0.0.0.0:0\"}"))
      .anyMatch(l -> l.startsWith("vertx_http_server_response_bytes_sum{code=\"201\",local=\"127.0.0.1:0\",method=\"POST\""));
    assertThat(ours.series()).containsExactlyElementsOf(stock.series());
  }

  /**
   * The proxy's lean path (proxy.upstream.engine: lean), which feeds the HTTP server metrics itself: the same meters
   * through ours as through vertx-micrometer's.
   */
  @Test
  void theLeanProxyPathPublishesWhatVertxMicrometerPublishes() {
    Run stock = run("stock-lean", MicrometerMetricsFactory::new, HttpServerMetricsTest::leanTraffic);
    Run ours = run("ours-lean", ResolvedMetersFactory::new, HttpServerMetricsTest::leanTraffic);

    assertThat(ours.metrics()).isEqualTo(ResolvedHttpServerMetrics.class);
    assertThat(stock.series()).as("the lean path recorded its requests").contains(
      "vertx_http_server_requests_total{code=\"200\",local=\"127.0.0.1:0\",method=\"GET\",route=\"/api/\"} 3.0",
      "vertx_http_server_requests_total{code=\"200\",local=\"127.0.0.1:0\",method=\"HEAD\",route=\"/api/\"} 1.0",
      "vertx_http_server_response_bytes_sum{code=\"200\",local=\"127.0.0.1:0\",method=\"GET\",route=\"/api/\"} 20000.0",
      "vertx_http_server_response_bytes_max{code=\"200\",local=\"127.0.0.1:0\",method=\"GET\",route=\"/api/\"} 8000.0",
      "vertx_http_server_bytes_written_total{local=\"127.0.0.1:0\"} 20000.0");
    assertThat(ours.series()).containsExactlyElementsOf(stock.series());
  }

  /** What a test does on the Vert.x measured ({@code measured}), its clients and backends on another ({@code clients}). */
  private interface Traffic {
    void on(Vertx measured, Vertx clients);
  }

  /**
   * {@code traffic} on a fresh Vert.x of {@code factory}, then its page's HTTP server lines once every gauge is back to
   * 0, and the class of the HTTP server metrics it gives.
   */
  private static Run run(String name, Function<MeterRegistry, VertxMetricsFactory> factory, Traffic traffic) {
    PrometheusMeterRegistry registry = Metrics.registry();
    Vertx vertx = Vertx.builder().with(new VertxOptions().setMetricsOptions(Metrics.options().setRegistryName(name)))
      .withMetrics(factory.apply(registry)).build();
    Vertx clients = Vertx.vertx();
    try {
      traffic.on(vertx, clients);
      await(clients.close());
      HttpProxy.eventually("the HTTP server gauges back to 0", SETTLE.toMillis(), () -> registry.scrape().lines()
        .filter(l -> l.startsWith("vertx_http_server_active_")).allMatch(l -> l.endsWith(" 0.0")));
      Class<?> metrics = ((VertxInternal) vertx).metrics()
        .createHttpServerMetrics(new HttpServerOptions(), SocketAddress.inetSocketAddress(0, "0.0.0.0")).getClass();
      return new Run(metrics, registry.scrape().lines().filter(l -> l.contains("vertx_http_server_"))
        .map(HttpServerMetricsTest::withoutTiming).sorted().toList());
    } finally {
      await(vertx.close());
    }
  }

  private static void routerTraffic(Vertx vertx, Vertx clients) {
    Promise<Void> hanging = Promise.promise();
    int routed = await(vertx.createHttpServer().requestHandler(router(vertx, hanging)).listen(0, "127.0.0.1")).actualPort();
    int plain = await(vertx.createHttpServer().requestHandler(req -> req.response().setStatusCode(204).end())
      .listen(0, "0.0.0.0")).actualPort();
    traffic(clients, routed, plain, hanging);
  }

  private static void leanTraffic(Vertx vertx, Vertx clients) {
    Backend backend = Backend.start(clients, "a", (req, body) -> req.response().end("x".repeat(req.path().length() * 1000)));
    HttpProxy proxy = HttpProxy.start(vertx, HttpTestConfig.http().engine(UpstreamConfig.Engine.LEAN).server(backend.url())
      .build());
    try (RawHttp raw = new RawHttp(proxy.port())) {
      for (String target : new String[] {"/api/a", "/api/b", "/api/ccc"}) {
        raw.send("GET " + target + " HTTP/1.1\r\nHost: edge\r\n\r\n");
        assertThat(raw.read().status()).isEqualTo(200);
      }
      raw.send("HEAD /api/head HTTP/1.1\r\nHost: edge\r\n\r\n");
      assertThat(raw.read(true).status()).isEqualTo(200);
    }
    HttpProxy.eventually("the lean path took the requests", SETTLE.toMillis(),
      () -> proxy.shared().metrics().registry().counter("proxy.lean.requests").count() == 4);
    proxy.close();
  }

  private static Router router(Vertx vertx, Promise<Void> hanging) {
    Router router = Router.router(vertx);
    router.get("/items/:id").handler(ctx -> ctx.end("item " + ctx.pathParam("id")));
    router.post("/items").handler(BodyHandler.create()).handler(ctx -> ctx.response().setStatusCode(201).end(ctx.body().buffer()));
    router.get("/fail").handler(ctx -> {
      throw new IllegalStateException("a failing handler");
    });
    router.get("/hang").handler(ctx -> hanging.tryComplete()); // never answered: the client goes away
    router.route("/ws").handler(ctx -> ctx.request().toWebSocket().onSuccess(ws -> ws.handler(ws::write)));
    Router sub = Router.router(vertx);
    sub.get("/deep").handler(ctx -> ctx.response().setStatusCode(202).end());
    router.route("/sub/*").subRouter(sub);
    return router;
  }

  private static void traffic(Vertx clients, int routed, int plain, Promise<Void> hanging) {
    TestHttp http = new TestHttp(clients);
    assertThat(http.get(routed, "/items/1").status()).isEqualTo(200);
    assertThat(http.get(routed, "/items/22").status()).isEqualTo(200);
    assertThat(http.send(HttpMethod.HEAD, routed, "/items/3", null, null).status()).isEqualTo(405);
    assertThat(http.send(HttpMethod.POST, routed, "/items", null, Buffer.buffer("hello there")).status()).isEqualTo(201);
    assertThat(http.send(HttpMethod.DELETE, routed, "/items/1", null, null).status()).isEqualTo(405);
    assertThat(http.get(routed, "/missing").status()).isEqualTo(404);
    assertThat(http.get(routed, "/fail").status()).isEqualTo(500);
    assertThat(http.get(routed, "/sub/deep").status()).isEqualTo(202);
    assertThat(http.send(HttpMethod.PUT, plain, "/anything", null, Buffer.buffer("x")).status()).isEqualTo(204);
    assertThat(http.get(plain, "/").status()).isEqualTo(204);

    WebSocket ws = await(clients.createWebSocketClient().connect(routed, "127.0.0.1", "/ws"));
    Promise<Buffer> echo = Promise.promise();
    ws.handler(echo::tryComplete);
    await(ws.write(Buffer.buffer("ping")));
    assertThat(await(echo.future()).toString()).isEqualTo("ping");
    await(ws.close());

    HttpClient leaving = clients.createHttpClient();
    leaving.request(HttpMethod.GET, routed, "127.0.0.1", "/hang").compose(req -> req.send());
    await(hanging.future());
    await(leaving.close());
  }

  private static String withoutTiming(String line) {
    Matcher m = SAMPLE.matcher(line);
    if (m.matches() && TIMED.matcher(m.group(1)).matches()) {
      return m.group(1) + (m.group(2) == null ? "" : m.group(2)) + " (time)";
    }
    return line;
  }

  private record Run(Class<?> metrics, List<String> series) {
  }
}
