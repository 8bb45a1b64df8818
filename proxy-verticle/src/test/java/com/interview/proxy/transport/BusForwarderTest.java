package com.interview.proxy.transport;

import com.interview.testing.TestVertx;
import com.interview.proxy.ProxyShared;
import com.interview.proxy.ProxyVerticle;
import com.interview.proxy.TestProxyConfig;
import com.interview.proxy.config.ProxyConfig;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event-bus transport against a real event bus: a consumer on {@code api.node.test} plays the API node and
 * records what arrived; a real HTTP client checks what came back.
 */
@ExtendWith(VertxExtension.class)
class BusForwarderTest {

  private static final String NODE = "test";

  private Vertx vertx;
  private TestHttp http;
  private int port;
  private final AtomicReference<Message<Buffer>> arrived = new AtomicReference<>();
  private final AtomicBoolean ready = new AtomicBoolean(true);

  @BeforeEach
  void start() {
    vertx = TestVertx.create();
    vertx.eventBus().<Buffer>consumer(BusWire.nodeAddress(NODE), this::api);
    ProxyConfig config = TestProxyConfig.defaults();
    ProxyShared shared = new ProxyShared(config, NodeSelector.local(NODE), () -> Future.succeededFuture(ready.get()));
    ProxyVerticle verticle = new ProxyVerticle(shared);
    await(vertx.deployVerticle(verticle));
    port = verticle.actualPort();
    http = new TestHttp(vertx);
  }

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  private void api(Message<Buffer> m) {
    arrived.set(m);
    String path = m.headers().get(BusWire.PATH);
    if (path.startsWith("/api/slow")) {
      return; // never answers: the proxy's read timeout must
    }
    MultiMap out = MultiMap.caseInsensitiveMultiMap().add(BusWire.STATUS, path.startsWith("/api/created") ? "201" : "200")
      .add("Content-Type", "application/json").add("Connection", "close").add("X-Api", "yes");
    JsonObject echo = new JsonObject().put("path", path).put("body", m.body() == null ? null : m.body().toString());
    m.reply(echo.toBuffer(), new DeliveryOptions().setHeaders(out));
  }

  private Reply call(HttpMethod method, String uri, MultiMap headers, Buffer body) {
    return http.send(method, port, uri, headers, body);
  }

  private static <T> T await(Future<T> f) {
    return TestHttp.await(f);
  }

  @Test
  void forwardsOneMessageWithPseudoHeadersAndForwardingHeaders() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-Custom", "kept").add("Connection", "X-Hop")
      .add("X-Hop", "dropped").add("Proxy-Authorization", "dropped").add("X-Forwarded-For", "203.0.113.9");
    Reply reply = call(HttpMethod.POST, "/api/created?x=1", headers, Buffer.buffer("hello"));

    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.json().getString("body")).isEqualTo("hello");
    MultiMap sent = arrived.get().headers();
    assertThat(sent.get(BusWire.METHOD)).isEqualTo("POST");
    assertThat(sent.get(BusWire.PATH)).isEqualTo("/api/created?x=1");
    assertThat(sent.get(BusWire.AUTHORITY)).isEqualTo("127.0.0.1:" + port);
    assertThat(sent.get(BusWire.SCHEME)).isEqualTo("http");
    assertThat(sent.get(BusWire.CLIENT)).isEqualTo("127.0.0.1"); // the XFF of an untrusted peer is not believed
    assertThat(sent.get("X-Custom")).isEqualTo("kept");
    assertThat(sent.get("X-Forwarded-For")).isEqualTo("203.0.113.9, 127.0.0.1");
    assertThat(sent.get("X-Real-IP")).isEqualTo("127.0.0.1");
    assertThat(sent.get("X-Forwarded-Proto")).isEqualTo("http");
    assertThat(sent.get("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + port);
    assertThat(sent.get("X-Request-Id")).matches("[0-9a-f]{32}");
    assertThat(sent.contains("X-Hop")).isFalse();
    assertThat(sent.contains("Proxy-Authorization")).isFalse();
    assertThat(sent.contains("Connection")).isFalse();
    assertThat(sent.contains("Host")).isFalse();

    assertThat(reply.header("X-Api")).isEqualTo("yes");
    assertThat(reply.header("Connection")).isNull(); // the API's hop-by-hop headers stay on its side
    assertThat(reply.header("X-Request-Id")).isEqualTo(sent.get("X-Request-Id"));
    assertThat(reply.header("X-Frame-Options")).isEqualTo("DENY");
    assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(reply.header("X-XSS-Protection")).isEqualTo("1; mode=block");
    assertThat(reply.header("Referrer-Policy")).isEqualTo("strict-origin-when-cross-origin");
  }

  @Test
  void echoesASaneClientRequestId() {
    Reply reply = call(HttpMethod.GET, "/api/x", MultiMap.caseInsensitiveMultiMap().add("X-Request-Id", "trace-42"), null);
    assertThat(reply.header("X-Request-Id")).isEqualTo("trace-42");
    assertThat(arrived.get().headers().get("X-Request-Id")).isEqualTo("trace-42");
  }

  @Test
  void unmatchedPathsAre404ProblemsWithSecurityHeaders() {
    Reply reply = call(HttpMethod.GET, "/nowhere", null, null);
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(reply.json().getString("code")).isEqualTo("not_found");
    assertThat(reply.json().getInteger("status")).isEqualTo(404);
    assertThat(reply.header("X-Frame-Options")).isEqualTo("DENY");
    assertThat(arrived.get()).isNull();
  }

  @Test
  void anApiThatNeverAnswersIs504AfterTheReadTimeout() {
    long t0 = System.nanoTime();
    Reply reply = call(HttpMethod.GET, "/api/slow", null, null);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(reply.status()).isEqualTo(504);
    assertThat(reply.json().getString("code")).isEqualTo("gateway_timeout");
    assertThat(ms).as("read timeout 2 s, not the bus default of 30 s").isBetween(1900L, 20_000L);
  }

  @Test
  void aRouteWithItsOwnReadTimeoutSetsTheSendTimeout() {
    ProxyConfig d = ProxyTimeouts.withRead(java.time.Duration.ofSeconds(30)); // far from the route's, on any machine
    java.util.List<com.interview.proxy.route.RouteConfig> routes = new java.util.ArrayList<>(d.routes());
    routes.add(new com.interview.proxy.route.RouteConfig("/api/slow/quick/", null, 1024, java.util.List.of(), null,
      new com.interview.proxy.config.Timeouts(java.time.Duration.ofSeconds(1), java.time.Duration.ofMillis(300),
        java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(5)), null));
    ProxyConfig config = new ProxyConfig(d.host(), 0, 1, d.transport(), d.shutdownTimeout(), d.keepAliveTimeout(),
      d.maxBody(), d.timeouts(), d.limits(), d.limitStatus(), d.limitKeys(), d.connections(), routes, d.upstream(),
      d.headers(), d.gzip(), d.tls(), d.trustedProxies(), d.accessLog());
    ProxyVerticle verticle = new ProxyVerticle(new ProxyShared(config, NodeSelector.local(NODE), () -> Future.succeededFuture(true)));
    await(vertx.deployVerticle(verticle));
    port = verticle.actualPort();
    long t0 = System.nanoTime();
    Reply reply = call(HttpMethod.GET, "/api/slow/quick/x", null, null);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(reply.status()).isEqualTo(504);
    assertThat(ms).as("the route's 300 ms, not the proxy-wide 30 s").isBetween(250L, 15_000L);
  }

  @Test
  void noApiNodeIsAFast502() {
    // a second proxy whose node has no consumer, with a read timeout far from "at once"
    ProxyShared shared = new ProxyShared(ProxyTimeouts.withRead(java.time.Duration.ofSeconds(30)), NodeSelector.local("absent"),
      () -> Future.succeededFuture(true));
    ProxyVerticle verticle = new ProxyVerticle(shared);
    await(vertx.deployVerticle(verticle));
    port = verticle.actualPort();
    long t0 = System.nanoTime();
    Reply reply = call(HttpMethod.GET, "/api/questions", null, null);
    assertThat(reply.status()).isEqualTo(502);
    assertThat(reply.json().getString("code")).isEqualTo("bad_gateway");
    assertThat((System.nanoTime() - t0) / 1_000_000).as("no handler: at once, not after the 30 s read timeout")
      .isLessThan(15_000);
  }

  @Test
  void bodiesOverTheRouteLimitAre413BeforeTheApiSeesThem() {
    MultiMap png = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "image/png");
    Reply declared = call(HttpMethod.PUT, "/api/users/me/avatar", png, Buffer.buffer(new byte[65]));
    assertThat(declared.status()).isEqualTo(413);
    assertThat(declared.json().getString("code")).isEqualTo("body_too_large");
    assertThat(arrived.get()).isNull();

    Reply chunked = http.on(client -> client.request(new RequestOptions().setMethod(HttpMethod.PUT).setPort(port)
        .setHost("127.0.0.1").setURI("/api/users/me/avatar").setHeaders(png))
      .compose(req -> {
        req.setChunked(true);
        req.write(Buffer.buffer(new byte[40]));
        return req.end(Buffer.buffer(new byte[40])).compose(v -> req.response());
      })
      .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b))));
    assertThat(chunked.status()).isEqualTo(413);
    assertThat(arrived.get()).isNull();

    Reply fits = call(HttpMethod.PUT, "/api/users/me/avatar", png, Buffer.buffer(new byte[64]));
    assertThat(fits.status()).isEqualTo(200);
  }

  @Test
  void publicHealthIsTerseAndFollowsReadiness() {
    Reply up = call(HttpMethod.GET, "/health", null, null);
    assertThat(up.status()).isEqualTo(200);
    assertThat(up.json()).isEqualTo(new JsonObject().put("status", "UP"));
    assertThat(up.header("Cache-Control")).isEqualTo("no-store");
    assertThat(up.header("X-Frame-Options")).isEqualTo("DENY");
    ready.set(false);
    long deadline = System.currentTimeMillis() + 5000;
    Reply down;
    do {
      down = call(HttpMethod.GET, "/health", null, null);
    } while (down.status() == 200 && System.currentTimeMillis() < deadline);
    assertThat(down.status()).isEqualTo(503);
    assertThat(down.json()).isEqualTo(new JsonObject().put("status", "DOWN"));
    assertThat(arrived.get()).isNull();
  }

  @Test
  void toItsOwnJvmTheBodyIsHandedOverNotCopiedAndTheAnswerComesBackTheSameWay() {
    Reply reply = call(HttpMethod.POST, "/api/created", MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json"),
      Buffer.buffer("{\"a\":1}"));
    assertThat(reply.status()).isEqualTo(201);
    assertThat(arrived.get().headers().get(BusWire.REPLY_CODEC)).isEqualTo(BusWire.LOCAL_CODEC);

    Buffer sent = Buffer.buffer("payload");
    AtomicReference<Buffer> received = new AtomicReference<>();
    vertx.eventBus().<Buffer>consumer("codec.check", m -> {
      received.set(m.body());
      m.reply(m.body(), new DeliveryOptions().setCodecName(BusWire.LOCAL_CODEC));
    });
    Buffer back = await(vertx.eventBus().<Buffer>request("codec.check", sent,
      new DeliveryOptions().setCodecName(BusWire.LOCAL_CODEC))).body();
    assertThat(received.get()).isSameAs(sent);
    assertThat(back).isSameAs(sent);

    LocalBufferCodec codec = new LocalBufferCodec(); // on a wire (never used so by the proxy), it still round-trips
    Buffer wire = Buffer.buffer("head");
    codec.encodeToWire(wire, sent);
    assertThat(codec.decodeFromWire(4, wire)).isEqualTo(sent);
    Buffer none = Buffer.buffer();
    codec.encodeToWire(none, null);
    assertThat(codec.decodeFromWire(0, none)).isNull();
  }
}
