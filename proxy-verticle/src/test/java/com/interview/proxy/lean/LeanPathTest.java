package com.interview.proxy.lean;

import com.interview.proxy.Backend;
import com.interview.proxy.HttpProxy;
import com.interview.proxy.HttpTestConfig;
import com.interview.proxy.balance.UpstreamConfig;
import com.interview.testing.RawHttp;
import com.interview.testing.RawHttp.Response;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code proxy.upstream.engine: lean}: which requests the lean path carries (counted by
 * {@code proxy_lean_requests_total}), and that it answers them as Vert.x's path does — the same filters, keep-alive
 * on both sides, HTTP/1.0, HEAD, answers in request order on a pipelining connection that mixes both paths, a
 * broken upstream body cut short for the client. The rest of the suite runs on it with {@code -Dupstream.engine=lean}.
 */
class LeanPathTest {

  private Vertx vertx;
  private Backend backend;
  private HttpProxy proxy;
  private final Set<String> upstreamConnections = new HashSet<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    backend = Backend.start(vertx, "a", (req, body) -> {
      upstreamConnections.add(req.connection().remoteAddress().toString());
      switch (req.path()) {
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
}
