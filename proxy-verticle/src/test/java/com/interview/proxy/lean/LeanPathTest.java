package com.interview.proxy.lean;

import com.interview.testing.TestVertx;
import com.interview.proxy.Backend;
import com.interview.proxy.HttpProxy;
import com.interview.proxy.HttpTestConfig;
import com.interview.proxy.balance.UpstreamConfig;
import com.interview.testing.RawHttp;
import com.interview.testing.RawHttp.Response;
import com.interview.testing.TestHttp;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code proxy.upstream.engine: lean}: which requests the lean path carries (counted by
 * {@code proxy_lean_requests_total}), and that it answers them as Vert.x's path does — the same filters, keep-alive
 * on both sides, HTTP/1.0, HEAD, answers in request order on a pipelining connection that mixes both paths, a
 * broken upstream body cut short for the client, a graceful shutdown that lets the answer under way finish, and the
 * HTTP server meters Vert.x's path would have recorded (counts, sizes, bytes written). The rest of the suite runs on it by default (and on Vert.x's path in the {@code vertx-engine} execution).
 */
class LeanPathTest {

  private Vertx vertx;
  private Backend backend;
  private HttpProxy proxy;
  private final Set<String> upstreamConnections = new HashSet<>();
  private final AtomicBoolean slowArrived = new AtomicBoolean();

  @BeforeEach
  void start() {
    vertx = TestVertx.create();
    backend = Backend.start(vertx, "a", (req, body) -> {
      upstreamConnections.add(req.connection().remoteAddress().toString());
      switch (req.path()) {
        case "/api/slow" -> {
          slowArrived.set(true);
          vertx.setTimer(400, t -> req.response().end("slow answer"));
        }
        case "/api/big" -> req.response().end("x".repeat(5000));
        case "/api/never" -> { } // never answers: the proxy's read timeout must
        case "/api/chunked" -> req.response().setChunked(true).write("one,").compose(v -> req.response().end("two"));
        case "/api/broken" -> {
          req.response().setChunked(true).write("part");
          vertx.setTimer(50, t -> req.connection().close());
        }
        case "/api/head" -> req.response().putHeader("Content-Length", "5").end();
        default -> req.response().putHeader("Content-Type", "text/plain")
          .end(req.method() + " " + req.uri() + (body == null || body.length() == 0 ? "" : " " + body));
      }
    });
    proxy = HttpProxy.start(vertx, HttpTestConfig.http().engine(UpstreamConfig.Engine.LEAN).server(backend.url()).build());
  }

  @AfterEach
  void stop() {
    proxy.close();
    backend.close();
    vertx.close().await();
  }

  private double taken() {
    return proxy.shared().metrics().registry().counter("proxy.lean.requests").count();
  }

  @Test
  void aGetGoesTheLeanWayWithTheSameFiltersAndKeepsBothConnectionsAlive() {
    try (RawHttp raw = new RawHttp(proxy.port())) {
      for (int i = 0; i < 3; i++) {
        raw.send("GET /api/x/./y?i=" + i + " HTTP/1.1\r\nHost: edge.example\r\nX-Forwarded-For: 6.6.6.6\r\n\r\n");
        Response r = raw.read();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("GET /api/x/y?i=" + i); // the request rules' normalised target went upstream
        assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(r.header("X-Request-Id")).isNotBlank();
        assertThat(r.header("Connection")).isNull();
      }
    }
    assertThat(taken()).isEqualTo(3);
    assertThat(upstreamConnections).hasSize(1); // one pooled upstream connection carried all three
    Backend.Seen seen = backend.last();
    assertThat(seen.host()).isEqualTo("edge.example");
    assertThat(seen.header("X-Forwarded-For")).isEqualTo("6.6.6.6, 127.0.0.1");
    assertThat(seen.header("X-Real-IP")).isEqualTo("127.0.0.1");
  }

  @Test
  void theReadTimeoutOfAKeptAliveConnectionCountsFromEachRequest() throws Exception {
    HttpProxy quick = HttpProxy.start(vertx, HttpTestConfig.http().engine(UpstreamConfig.Engine.LEAN).keepAlive(1)
      .readTimeout(Duration.ofMillis(500)).server(backend.url()).build());
    try (RawHttp raw = new RawHttp(quick.port())) {
      assertThat(raw.send("GET /api/first HTTP/1.1\r\nHost: edge\r\n\r\n").read().status()).isEqualTo(200);
      Thread.sleep(300); // the connection's timer, armed by the first request, is due before the second's deadline
      long t0 = System.nanoTime();
      Response r = raw.send("GET /api/never HTTP/1.1\r\nHost: edge\r\n\r\n").read();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(r.status()).isEqualTo(504);
      assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(ms).as("not before 500 ms after the second request").isGreaterThanOrEqualTo(450L);
    } finally {
      quick.close();
    }
    assertThat(upstreamConnections).hasSize(1); // both requests went over the one kept-alive connection
  }

  @Test
  void bodiesUpgradesAndTheHealthEndpointStayOnVertxsPath() {
    try (RawHttp raw = new RawHttp(proxy.port())) {
      raw.send("POST /api/p HTTP/1.1\r\nHost: edge\r\nContent-Length: 3\r\n\r\nabc");
      assertThat(raw.read().text()).isEqualTo("POST /api/p abc");
      raw.send("GET /health HTTP/1.1\r\nHost: edge\r\n\r\n");
      assertThat(raw.read().status()).isEqualTo(200);
      raw.send("GET /nowhere HTTP/1.1\r\nHost: edge\r\n\r\n");
      assertThat(raw.read().status()).isEqualTo(404);
    }
    assertThat(taken()).isZero();
  }

  @Test
  void pipelinedRequestsOnBothPathsAreAnsweredInOrder() {
    try (RawHttp raw = new RawHttp(proxy.port())) {
      raw.send("GET /api/1 HTTP/1.1\r\nHost: edge\r\n\r\n"
        + "POST /api/2 HTTP/1.1\r\nHost: edge\r\nContent-Length: 2\r\n\r\nhi"
        + "GET /api/3 HTTP/1.1\r\nHost: edge\r\n\r\n"
        + "GET /api/4 HTTP/1.1\r\nHost: edge\r\n\r\n");
      assertThat(raw.read().text()).isEqualTo("GET /api/1");
      assertThat(raw.read().text()).isEqualTo("POST /api/2 hi");
      assertThat(raw.read().text()).isEqualTo("GET /api/3");
      assertThat(raw.read().text()).isEqualTo("GET /api/4");
    }
    assertThat(taken()).isEqualTo(3);
  }

  @Test
  void http10HeadAndChunkedAnswersAreFramedForTheClient() {
    Response old = RawHttp.exchange(proxy.port(), "GET /api/chunked HTTP/1.0\r\nHost: edge\r\n\r\n");
    assertThat(old.status()).isEqualTo(200);
    assertThat(old.text()).isEqualTo("one,two"); // no chunked framing for HTTP/1.0: the close ends the body
    assertThat(old.header("Transfer-Encoding")).isNull();
    try (RawHttp raw = new RawHttp(proxy.port())) {
      raw.send("HEAD /api/head HTTP/1.1\r\nHost: edge\r\n\r\n");
      Response head = raw.read(true);
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("Content-Length")).isEqualTo("5");
      raw.send("GET /api/chunked HTTP/1.1\r\nHost: edge\r\n\r\n"); // the connection is still in step after the HEAD
      Response chunked = raw.read();
      assertThat(chunked.header("Transfer-Encoding")).isEqualTo("chunked");
      assertThat(chunked.text()).isEqualTo("one,two");
    }
    assertThat(taken()).isEqualTo(3);
  }

  @Test
  void anUpstreamBodyCutShortIsCutShortForTheClient() {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", proxy.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write("GET /api/broken HTTP/1.1\r\nHost: edge\r\n\r\n".getBytes());
      String all = new String(socket.getInputStream().readAllBytes()); // to the end of the stream: the proxy closed
      assertThat(all).startsWith("HTTP/1.1 200").contains("part").doesNotContain("\r\n0\r\n\r\n");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    HttpProxy.eventually("the server's slot released", 5000, () -> proxy.upstream(backend.url()).inFlight() == 0);
  }

  @Test
  void aConnectionRefusedUpstreamIsA502ProblemOnTheLeanPath() {
    HttpProxy other = HttpProxy.start(vertx, HttpTestConfig.http().engine(UpstreamConfig.Engine.LEAN)
      .server(Backend.refusing(vertx)).build());
    try {
      Response r = RawHttp.exchange(other.port(), "GET /api/x HTTP/1.1\r\nHost: edge\r\nConnection: close\r\n\r\n");
      assertThat(r.status()).isEqualTo(502);
      assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(Buffer.buffer(r.body()).toJsonObject().getString("code")).isNotBlank();
    } finally {
      other.close();
    }
  }

  @Test
  void aGracefulShutdownFinishesTheLeanAnswerWithConnectionCloseAndForwardsNothingPipelinedBehindIt() {
    try (RawHttp raw = new RawHttp(proxy.port())) {
      raw.send("GET /api/slow HTTP/1.1\r\nHost: edge\r\n\r\nGET /api/after HTTP/1.1\r\nHost: edge\r\n\r\n");
      HttpProxy.eventually("the upstream has the slow request", 5_000, slowArrived::get);
      Future<Void> stopped = proxy.undeploy();
      Response answer = raw.read();
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.text()).isEqualTo("slow answer");
      assertThat(answer.header("Connection")).isEqualTo("close"); // RFC 9112 §9.6
      assertThat(raw.closedByServer(Duration.ofSeconds(3))).isTrue();
      TestHttp.await(stopped);
    }
    assertThat(taken()).isEqualTo(1);
    assertThat(backend.seen()).extracting(Backend.Seen::uri).containsExactly("/api/slow");
  }

  @Test
  void aGracefulShutdownDuringVertxsAnswerDropsTheLeanRequestHeldBehindIt() {
    try (RawHttp raw = new RawHttp(proxy.port())) {
      raw.send("POST /api/slow HTTP/1.1\r\nHost: edge\r\nContent-Length: 2\r\n\r\nhi"
        + "GET /api/after HTTP/1.1\r\nHost: edge\r\n\r\n"); // the GET waits for the POST's answer (Vert.x's)
      HttpProxy.eventually("the upstream has the slow request", 5_000, slowArrived::get);
      Future<Void> stopped = proxy.undeploy();
      Response answer = raw.read();
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.text()).isEqualTo("slow answer");
      assertThat(raw.closedByServer(Duration.ofSeconds(3))).isTrue();
      TestHttp.await(stopped);
    }
    assertThat(taken()).isZero();
    assertThat(backend.seen()).extracting(Backend.Seen::uri).containsExactly("/api/slow");
  }

  @Test
  void theHttpServerMetersAreThoseOfVertxsPath() {
    Map<String, Double> lean = serverMetersAfterSomeRequests(UpstreamConfig.Engine.LEAN);
    assertThat(lean).containsEntry("vertx.http.server.bytes.written", 10_017.0)
      .containsEntry("vertx.http.server.requests[code=200, method=GET, route=/api/]", 4.0)
      .containsEntry("vertx.http.server.requests[code=200, method=HEAD, route=/api/]", 1.0)
      .containsEntry("vertx.http.server.response.bytes[code=200, method=GET, route=/api/]", 10_017.0)
      .containsEntry("vertx.http.server.active.requests[method=GET]", 0.0);
    assertThat(lean).isEqualTo(serverMetersAfterSomeRequests(UpstreamConfig.Engine.VERTX));
  }

  /**
   * The HTTP server meters of a proxy on {@code engine}, in a Vert.x of its own, after the same requests on one
   * connection, closed: a counter's count, a summary's total, a timer's count, a gauge's value.
   */
  private Map<String, Double> serverMetersAfterSomeRequests(UpstreamConfig.Engine engine) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Vertx measured = Vertx.builder()
      .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
        .setLabels(EnumSet.of(Label.LOCAL, Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE))))
      .withMetrics(new MicrometerMetricsFactory(registry)).build();
    HttpProxy p = HttpProxy.start(measured, HttpTestConfig.http().engine(engine).server(backend.url()).build());
    try {
      try (RawHttp raw = new RawHttp(p.port())) {
        for (String target : new String[] {"/api/big", "/api/big", "/api/chunked", "/api/x"}) {
          raw.send("GET " + target + " HTTP/1.1\r\nHost: edge\r\n\r\n");
          assertThat(raw.read().status()).isEqualTo(200);
        }
        raw.send("HEAD /api/head HTTP/1.1\r\nHost: edge\r\n\r\n");
        assertThat(raw.read(true).status()).isEqualTo(200);
      }
      HttpProxy.eventually("the connection's close and bytes reported", 5_000, () -> {
        Map<String, Double> now = serverMeters(registry);
        return now.containsKey("vertx.http.server.bytes.written")
          && now.get("vertx.http.server.active.connections") == 0.0;
      });
      assertThat(p.shared().metrics().registry().counter("proxy.lean.requests").count())
        .isEqualTo(engine == UpstreamConfig.Engine.LEAN ? 5 : 0);
      return serverMeters(registry);
    } finally {
      p.close();
      measured.close().await();
    }
  }

  private static Map<String, Double> serverMeters(SimpleMeterRegistry registry) {
    Map<String, Double> all = new TreeMap<>();
    for (Meter m : registry.getMeters()) {
      Meter.Id id = m.getId();
      if (!id.getName().startsWith("vertx.http.server.")) {
        continue;
      }
      StringBuilder key = new StringBuilder(id.getName());
      var tags = id.getTags().stream().filter(t -> !t.getKey().equals("local"))
        .map(t -> t.getKey() + "=" + t.getValue()).toList();
      if (!tags.isEmpty()) {
        key.append(tags);
      }
      double value = m instanceof Counter c ? c.count() : m instanceof DistributionSummary d ? d.totalAmount()
        : m instanceof Timer t ? t.count() : m.measure().iterator().next().getValue();
      all.put(key.toString(), value);
    }
    return all;
  }
}
