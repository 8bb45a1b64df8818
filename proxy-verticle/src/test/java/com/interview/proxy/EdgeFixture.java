package com.interview.proxy;

import com.interview.testing.TestVertx;
import com.interview.proxy.config.ProxyConfig;
import com.interview.proxy.transport.BusWire;
import com.interview.proxy.transport.NodeSelector;
import com.interview.testing.TestHttp;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real {@link ProxyVerticle} on port 0 with the eventbus transport, and a consumer on the event bus playing the
 * API: it records every message that arrived (so a test can assert the API saw nothing) and answers with
 * {@link #backend(Handler)} — by default 200 and a JSON echo of path and body.
 */
public final class EdgeFixture implements AutoCloseable {

  public static final String NODE = "edge";

  private final Vertx vertx;
  private final ProxyShared shared;
  private final ProxyVerticle verticle;
  private final TestHttp http;
  private final List<Message<Buffer>> arrived = new CopyOnWriteArrayList<>();
  private volatile Handler<Message<Buffer>> backend = EdgeFixture::echo;

  private EdgeFixture(ProxyConfig config) {
    vertx = TestVertx.create();
    MessageConsumer<Buffer> consumer = vertx.eventBus().consumer(BusWire.nodeAddress(NODE), m -> {
      arrived.add(m);
      backend.handle(m);
    });
    TestHttp.await(consumer.completion());
    shared = new ProxyShared(config, NodeSelector.local(NODE), () -> Future.succeededFuture(true));
    verticle = new ProxyVerticle(shared, config.port(), config.tls().port());
    TestHttp.await(vertx.deployVerticle(verticle));
    http = new TestHttp(vertx);
  }

  public static EdgeFixture start(ProxyConfig config) {
    return new EdgeFixture(config);
  }

  /** The default API: 200, application/json, {@code {"path": ..., "body": ...}}. */
  public static void echo(Message<Buffer> m) {
    JsonObject echo = new JsonObject().put("path", m.headers().get(BusWire.PATH))
      .put("body", m.body() == null ? null : m.body().toString());
    reply(m, 200, MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json"), echo.toBuffer());
  }

  /** Answers a bus request as the API would: {@code :status}, headers, body. */
  public static void reply(Message<Buffer> m, int status, MultiMap headers, Buffer body) {
    MultiMap out = MultiMap.caseInsensitiveMultiMap().addAll(headers).add(BusWire.STATUS, Integer.toString(status));
    m.reply(body, new DeliveryOptions().setHeaders(out));
  }

  /** Replaces what the API answers. */
  public EdgeFixture backend(Handler<Message<Buffer>> handler) {
    this.backend = handler;
    return this;
  }

  /** Messages that reached the API, in arrival order. */
  public List<Message<Buffer>> arrived() {
    return arrived;
  }

  /** Paths (with query) that reached the API. */
  public List<String> arrivedPaths() {
    return arrived.stream().map(m -> m.headers().get(BusWire.PATH)).toList();
  }

  public int port() {
    return verticle.actualPort();
  }

  public int tlsPort() {
    return verticle.actualTlsPort();
  }

  public Vertx vertx() {
    return vertx;
  }

  public ProxyShared shared() {
    return shared;
  }

  public TestHttp http() {
    return http;
  }

  public TestHttp.Reply get(String uri) {
    return http.get(port(), uri);
  }

  public TestHttp.Reply send(HttpMethod method, String uri, MultiMap headers, Buffer body) {
    return http.send(method, port(), uri, headers, body);
  }

  /** Asserts the headers every answer of the edge carries ({@code TestProxyConfig}'s proxy.headers). */
  public static void assertSecurityHeaders(java.util.function.Function<String, String> header) {
    assertThat(header.apply("X-Frame-Options")).isEqualTo("DENY");
    assertThat(header.apply("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(header.apply("X-XSS-Protection")).isEqualTo("1; mode=block");
    assertThat(header.apply("Referrer-Policy")).isEqualTo("strict-origin-when-cross-origin");
  }

  @Override
  public void close() {
    try {
      TestHttp.await(vertx.close());
    } finally {
      TestHttp.await(shared.close());
    }
  }
}
