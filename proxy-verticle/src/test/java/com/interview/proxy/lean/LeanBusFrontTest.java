package com.interview.proxy.lean;

import com.interview.proxy.ProxyShared;
import com.interview.proxy.ProxyVerticle;
import com.interview.proxy.TestProxyConfig;
import com.interview.proxy.balance.UpstreamConfig;
import com.interview.proxy.config.ProxyConfig;
import com.interview.proxy.transport.BusWire;
import com.interview.proxy.transport.NodeSelector;
import com.interview.testing.RawHttp;
import com.interview.testing.TestHttp;
import com.interview.testing.TestVertx;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lean front on the {@code eventbus} transport: requests without a body for an upstream route are read and
 * answered by the lean path and sent over the bus like any other. The same raw requests to a proxy on each engine
 * get the same answers (status, headers, body) and the API the same messages; streams (a GET accepting
 * {@code text/event-stream}) and bodies stay on Vert.x's server.
 */
class LeanBusFrontTest {

  private static final String NODE = "api-node";

  private Vertx vertx;
  private final List<String> arrived = new ArrayList<>();

  @BeforeEach
  void start() {
    vertx = TestVertx.create();
    vertx.eventBus().<Buffer>consumer(BusWire.nodeAddress(NODE), this::api);
  }

  @AfterEach
  void stop() {
    TestHttp.await(vertx.close());
  }

  /** The API: 204 for /api/empty, else 200 with a body, a hop-by-hop header and one of its own. */
  private void api(Message<Buffer> m) {
    MultiMap h = m.headers();
    String path = h.get(BusWire.PATH);
    // what the API was sent, the request id (random per request) left out
    arrived.add(h.get(BusWire.METHOD) + " " + path + " " + h.get(BusWire.SCHEME) + " " + h.get(BusWire.AUTHORITY)
      + " " + h.get(BusWire.CLIENT) + " xff=" + h.get("X-Forwarded-For") + " host=" + h.get("X-Forwarded-Host")
      + " hop=" + h.contains("X-Hop") + " conn=" + h.contains("Connection") + " accept=" + h.get("Accept")
      + " body=" + (m.body() == null ? 0 : m.body().length()));
    boolean empty = path.startsWith("/api/empty");
    MultiMap out = MultiMap.caseInsensitiveMultiMap().add(BusWire.STATUS, empty ? "204" : "200")
      .add("Connection", "close").add("X-Api", "yes");
    if (!empty) {
      out.add("Content-Type", "application/json");
    }
    m.reply(empty ? null : Buffer.buffer("{\"path\":\"" + path + "\"}"), new DeliveryOptions().setHeaders(out));
  }

  private record Proxy(ProxyVerticle verticle, ProxyShared shared) {
    int port() {
      return verticle.actualPort();
    }

    double leanRequests() {
      return shared.metrics().registry().counter("proxy.lean.requests").count();
    }
  }

  private Proxy proxy(UpstreamConfig.Engine engine) {
    ProxyConfig c = TestProxyConfig.defaults();
    UpstreamConfig u = c.upstream();
    ProxyConfig config = new ProxyConfig(c.host(), c.port(), c.instances(), c.transport(), c.shutdownTimeout(),
      c.keepAliveTimeout(), c.maxBody(), c.timeouts(), c.limits(), c.limitStatus(), c.limitKeys(), c.connections(),
      c.routes(), new UpstreamConfig(u.balance(), u.servers(), u.keepAlive(), u.retry(), u.healthCheck(), engine),
      c.headers(), c.gzip(), c.tls(), c.trustedProxies(), c.accessLog());
    ProxyShared shared = new ProxyShared(config, NodeSelector.local(NODE), () -> Future.succeededFuture(true));
    ProxyVerticle verticle = new ProxyVerticle(shared);
    TestHttp.await(vertx.deployVerticle(verticle));
    return new Proxy(verticle, shared);
  }

  private static final String[] REQUESTS = {
    "GET /api/x?q=1 HTTP/1.1\r\nHost: edge\r\nConnection: X-Hop\r\nX-Hop: 1\r\nX-Forwarded-For: 203.0.113.9\r\n\r\n",
    "HEAD /api/x HTTP/1.1\r\nHost: edge\r\n\r\n",
    "DELETE /api/empty HTTP/1.1\r\nHost: edge\r\n\r\n",
    "GET /api/events HTTP/1.1\r\nHost: edge\r\nAccept: text/event-stream\r\n\r\n",
    "POST /api/x HTTP/1.1\r\nHost: edge\r\nContent-Length: 2\r\n\r\nhi",
    "GET /api/y HTTP/1.0\r\nHost: edge\r\n\r\n",
  };

  /** The answers to {@link #REQUESTS} on one connection each: status, headers (but the request id), body. */
  private List<String> answers(Proxy proxy) {
    List<String> out = new ArrayList<>();
    for (String request : REQUESTS) {
      try (RawHttp raw = new RawHttp(proxy.port())) {
        RawHttp.Response r = raw.send(request).read(request.startsWith("HEAD"));
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(r.headers());
        assertThat(headers.remove("X-Request-Id")).as(request).hasSize(1);
        if (request.contains("HTTP/1.0")) {
          // both close after the answer; the lean path says so (Connection: close), Vert.x's leaves it to HTTP/1.0
          List<String> connection = headers.remove("Connection");
          assertThat(connection == null || connection.equals(List.of("close"))).as(request + connection).isTrue();
          assertThat(raw.closedByServer(java.time.Duration.ofSeconds(5))).as(request).isTrue();
        }
        out.add(r.status() + " " + headers + " " + new String(r.body()));
      }
    }
    return out;
  }

  @Test
  void leanAndVertxFrontsGiveTheSameAnswersAndTheApiTheSameMessages() {
    Proxy lean = proxy(UpstreamConfig.Engine.LEAN);
    List<String> leanAnswers = answers(lean);
    List<String> leanSent = new ArrayList<>(arrived);
    double taken = lean.leanRequests();
    arrived.clear();

    Proxy vertxFront = proxy(UpstreamConfig.Engine.VERTX);
    List<String> vertxAnswers = answers(vertxFront);
    List<String> vertxSent = new ArrayList<>(arrived);

    // GET, HEAD, DELETE and the HTTP/1.0 GET went lean; the stream and the body did not
    assertThat(taken).isEqualTo(4);
    assertThat(vertxFront.leanRequests()).isZero();
    assertThat(leanAnswers).isEqualTo(vertxAnswers);
    assertThat(leanSent).isEqualTo(vertxSent).hasSize(REQUESTS.length);

    assertThat(leanAnswers.get(0)).startsWith("200 ").contains("X-Api=[yes]", "X-Frame-Options=[DENY]")
      .doesNotContain("Connection=").endsWith("{\"path\":\"/api/x?q=1\"}");
    assertThat(leanSent.get(0)).contains("GET /api/x?q=1 http ", " 127.0.0.1 xff=203.0.113.9, 127.0.0.1 ",
      "hop=false conn=false");
    assertThat(leanAnswers.get(2)).startsWith("204 ").doesNotContain("Content-Length"); // RFC 9110 §8.6
    assertThat(leanAnswers.get(5)).startsWith("200 ").endsWith("{\"path\":\"/api/y\"}");
  }
}
