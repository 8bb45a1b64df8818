package com.interview.proxy.transport;

import com.interview.testing.TestVertx;
import com.interview.proxy.Backend;
import com.interview.proxy.HttpProxy;
import com.interview.proxy.HttpTestConfig;
import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The http transport end to end: a real backend records what arrived, a real client checks what came back —
 * request and response as relayed, streaming, body limits and the read timeout.
 */
@ExtendWith(VertxExtension.class)
class HttpForwarderTest {

  private Vertx vertx;
  private Backend backend;
  private HttpProxy proxy;
  private final AtomicLong secondChunkWrittenAt = new AtomicLong();
  private final Promise<Void> firstChunkArrived = Promise.promise();
  private final AtomicBoolean upstreamClosed = new AtomicBoolean();

  @BeforeEach
  void start() {
    vertx = TestVertx.create();
    backend = Backend.start(vertx, "a", (req, body) -> {
      String path = req.path();
      if (path.startsWith("/api/never")) {
        req.connection().closeHandler(v -> upstreamClosed.set(true));
        return; // never answers: the proxy's read timeout must
      }
      if (path.startsWith("/api/status/")) {
        int status = Integer.parseInt(path.substring("/api/status/".length()));
        req.response().setStatusCode(status).putHeader("ETag", "\"v1\"");
        if (req.method() == HttpMethod.HEAD) {
          req.response().putHeader("Content-Length", "11").end();
        } else {
          req.response().end(status == 200 ? "full answer" : "");
        }
        return;
      }
      if (path.startsWith("/api/cookies")) {
        req.response().headers().add("Set-Cookie", "a=1; Path=/").add("Set-Cookie", "b=2; Path=/");
        req.response().end(String.join("|", req.headers().getAll("X-Multi")));
        return;
      }
      if (path.startsWith("/api/forever")) {
        req.response().setChunked(true).write("data: tick\n\n");
        req.connection().closeHandler(v -> upstreamClosed.set(true));
        return;
      }
      if (path.startsWith("/api/stream")) {
        req.response().setChunked(true).putHeader("Content-Type", "text/event-stream").write("data: one\n\n");
        firstChunkArrived.future().onComplete(v -> vertx.runOnContext(x -> { // only once the client has the first
          secondChunkWrittenAt.set(System.nanoTime());
          req.response().end("data: two\n\n");
        }));
        return;
      }
      req.response().setStatusCode(201)
        .putHeader("Content-Type", "text/plain")
        .putHeader("X-Backend", "a")
        .putHeader("X-Frame-Options", "SAMEORIGIN")
        .putHeader("X-Secret", "hop")
        .putHeader("Keep-Alive", "timeout=5")
        .putHeader("Connection", "X-Secret")
        .end("got " + body);
    });
    proxy = HttpProxy.start(vertx, HttpTestConfig.http().server(backend.url())
      .readTimeout(Duration.ofSeconds(5)).build());
  }

  @AfterEach
  void stop() {
    proxy.close();
    TestHttp.await(vertx.close());
  }

  @Test
  void forwardsMethodUriBodyAndHostWithForwardingHeadersAndWithoutHopByHopHeaders() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
      .add("Host", "shop.example:8443")
      .add("X-Custom", "kept")
      .add("Connection", "X-Hop")
      .add("X-Hop", "dropped")
      .add("Keep-Alive", "timeout=9")
      .add("Proxy-Authorization", "Basic Zm9vOmJhcg==")
      .add("Content-Type", "text/plain");
    Reply reply = proxy.send(HttpMethod.POST, "/api/items?x=1&y=two", headers, Buffer.buffer("hello"));

    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.text()).isEqualTo("got hello");
    assertThat(backend.seen()).hasSize(1);
    Backend.Seen seen = backend.last();
    assertThat(seen.method()).isEqualTo(HttpMethod.POST);
    assertThat(seen.uri()).isEqualTo("/api/items?x=1&y=two");
    assertThat(seen.body().toString()).isEqualTo("hello");
    assertThat(seen.host()).isEqualTo("shop.example:8443");
    assertThat(seen.header("X-Custom")).isEqualTo("kept");
    assertThat(seen.header("Content-Type")).isEqualTo("text/plain");
    assertThat(seen.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
    assertThat(seen.header("X-Real-IP")).isEqualTo("127.0.0.1");
    assertThat(seen.header("X-Forwarded-Proto")).isEqualTo("http");
    assertThat(seen.header("X-Forwarded-Host")).isEqualTo("shop.example:8443");
    assertThat(seen.header("X-Request-Id")).matches("[0-9a-f]{32}");
    assertThat(seen.headers().contains("X-Hop")).isFalse();
    assertThat(seen.headers().contains("Keep-Alive")).isFalse();
    assertThat(seen.headers().contains("Proxy-Authorization")).isFalse();

    assertThat(reply.header("X-Backend")).isEqualTo("a");
    assertThat(reply.header("Content-Type")).isEqualTo("text/plain");
    assertThat(reply.headers().contains("X-Secret")).isFalse();
    assertThat(reply.headers().contains("Keep-Alive")).isFalse();
    assertThat(reply.header("X-Request-Id")).isEqualTo(seen.header("X-Request-Id"));
    assertThat(reply.header("X-Frame-Options")).isEqualTo("DENY"); // the proxy's policy wins
    assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(reply.header("X-XSS-Protection")).isEqualTo("1; mode=block");
    assertThat(reply.header("Referrer-Policy")).isEqualTo("strict-origin-when-cross-origin");
  }

  @Test
  void aSaneClientRequestIdGoesUpstreamAndComesBack() {
    Reply reply = proxy.send(HttpMethod.GET, "/api/x", MultiMap.caseInsensitiveMultiMap().add("X-Request-Id", "trace-42"), null);
    assertThat(reply.status()).isEqualTo(201);
    assertThat(backend.last().header("X-Request-Id")).isEqualTo("trace-42");
    assertThat(reply.header("X-Request-Id")).isEqualTo("trace-42");
  }

  @Test
  void responsesAreStreamedChunkByChunk() {
    record Chunk(long at, String text) {
    }
    List<Chunk> chunks = new ArrayList<>();
    int status = proxy.http().on(client -> client.request(new RequestOptions().setHost("127.0.0.1").setPort(proxy.port())
        .setURI("/api/stream"))
      .compose(req -> req.send())
      .compose(resp -> {
        Promise<Integer> done = Promise.promise();
        resp.handler(b -> {
          chunks.add(new Chunk(System.nanoTime(), b.toString()));
          firstChunkArrived.tryComplete();
        });
        resp.endHandler(v -> done.complete(resp.statusCode()));
        resp.exceptionHandler(done::tryFail);
        return done.future();
      }));

    assertThat(status).isEqualTo(200);
    assertThat(chunks).isNotEmpty();
    assertThat(chunks.get(0).text()).isEqualTo("data: one\n\n");
    assertThat(chunks.get(0).at()).isLessThan(secondChunkWrittenAt.get()); // not buffered until the end
    assertThat(String.join("", chunks.stream().map(Chunk::text).toList())).isEqualTo("data: one\n\ndata: two\n\n");
  }

  @Test
  void anUpstreamThatNeverAnswersIs504AfterTheReadTimeout() {
    HttpProxy quick = HttpProxy.start(vertx, HttpTestConfig.http().server(backend.url())
      .readTimeout(Duration.ofMillis(500)).build());
    long t0 = System.nanoTime();
    Reply reply = quick.get("/api/never");
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(reply.status()).isEqualTo(504);
    assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(reply.json().getString("code")).isEqualTo("gateway_timeout");
    assertThat(ms).as("not before the 500 ms read timeout").isGreaterThanOrEqualTo(450L);
    quick.close();
    assertThat(backend.hits()).isEqualTo(1);
  }

  @Test
  void bodiesOverTheRouteLimitAre413BeforeTheBackendSeesAByte() {
    Reply declared = proxy.send(HttpMethod.POST, "/small/x", null, Buffer.buffer(new byte[HttpTestConfig.SMALL_BODY + 1]));
    assertThat(declared.status()).isEqualTo(413);
    assertThat(declared.json().getString("code")).isEqualTo("body_too_large");

    Reply chunked = proxy.http().on(client -> client.request(new RequestOptions().setMethod(HttpMethod.POST)
        .setHost("127.0.0.1").setPort(proxy.port()).setURI("/small/x"))
      .compose(req -> {
        req.setChunked(true);
        req.write(Buffer.buffer(new byte[10]));
        return req.end(Buffer.buffer(new byte[10])).compose(v -> req.response());
      })
      .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b))));
    assertThat(chunked.status()).isEqualTo(413);
    assertThat(backend.hits()).isZero();

    Reply fits = proxy.send(HttpMethod.POST, "/small/x", null, Buffer.buffer(new byte[HttpTestConfig.SMALL_BODY]));
    assertThat(fits.status()).isEqualTo(201);
    assertThat(backend.last().body().length()).isEqualTo(HttpTestConfig.SMALL_BODY);
  }

  @Test
  void aClientExpecting100ContinueIsToldToSendItsBody() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /api/expect HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n"
        + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      assertThat(in.readLine()).isEqualTo("HTTP/1.1 100 Continue"); // before the body is sent (clients wait ~1 s otherwise)
      assertThat(in.readLine()).isEmpty();
      out.write("hello".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(in.readLine()).isEqualTo("HTTP/1.1 201 Created");
    }
    assertThat(backend.last().body().toString()).isEqualTo("hello");
    assertThat(backend.last().headers().contains("Expect")).isFalse(); // the body is already here: nothing to expect
  }

  @Test
  void aBodyOverTheLimitWithExpect100ContinueIs413WithoutContinue() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /small/x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + (HttpTestConfig.SMALL_BODY + 1)
        + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      assertThat(in.readLine()).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
    }
    assertThat(backend.hits()).isZero();
  }

  @Test
  void headNoContentAndNotModifiedCarryNoBodyAndKeepTheConnectionUsable() {
    Reply head = proxy.send(HttpMethod.HEAD, "/api/status/200", null, null);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Content-Length")).isEqualTo("11");
    assertThat(head.body().length()).isZero();
    Reply noContent = proxy.get("/api/status/204");
    assertThat(noContent.status()).isEqualTo(204);
    assertThat(noContent.body().length()).isZero();
    Reply notModified = proxy.send(HttpMethod.GET, "/api/status/304", MultiMap.caseInsensitiveMultiMap()
      .add("If-None-Match", "\"v1\""), null);
    assertThat(notModified.status()).isEqualTo(304);
    assertThat(notModified.header("ETag")).isEqualTo("\"v1\"");
    Reply full = proxy.get("/api/status/200"); // same pooled connection: framing was not broken
    assertThat(full.text()).isEqualTo("full answer");
    HttpProxy.eventually("servers released", 5000, proxy::idle);
  }

  @Test
  void aChunkedRequestBodyIsForwardedWhole() {
    Reply reply = proxy.http().on(client -> client.request(new RequestOptions().setMethod(HttpMethod.PUT)
        .setHost("127.0.0.1").setPort(proxy.port()).setURI("/api/chunked"))
      .compose(req -> {
        req.setChunked(true);
        req.write("abc");
        return req.end("def").compose(v -> req.response());
      })
      .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b))));
    assertThat(reply.status()).isEqualTo(201);
    assertThat(backend.last().body().toString()).isEqualTo("abcdef");
    assertThat(backend.last().headers().contains("Transfer-Encoding")
      || "6".equals(backend.last().header("Content-Length"))).isTrue();
  }

  @Test
  void aClientLeavingMidStreamReleasesTheUpstream() {
    String first = proxy.http().on(client -> client.request(new RequestOptions().setHost("127.0.0.1")
        .setPort(proxy.port()).setURI("/api/forever"))
      .compose(req -> req.send())
      .compose(resp -> {
        Promise<String> got = Promise.promise();
        resp.handler(b -> {
          got.tryComplete(b.toString());
          resp.request().connection().close(); // the client goes away mid-body
        });
        return got.future();
      }));
    assertThat(first).isEqualTo("data: tick\n\n");
    HttpProxy.eventually("the upstream connection is closed", 5000, upstreamClosed::get);
    HttpProxy.eventually("the server is released", 5000, proxy::idle);
  }

  @Test
  void aClientLeavingBeforeTheAnswerReleasesTheUpstreamAtOnce() throws Exception {
    HttpProxy patient = HttpProxy.start(vertx, HttpTestConfig.http().server(backend.url())
      .readTimeout(Duration.ofSeconds(20)).build());
    try {
      try (Socket socket = new Socket("127.0.0.1", patient.port())) {
        socket.getOutputStream().write("GET /api/never HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        HttpProxy.eventually("the backend has the request", 5000, () -> backend.hits() == 1);
      } // the client gives up
      HttpProxy.eventually("the upstream request is abandoned", 5000, upstreamClosed::get); // not after 20 s
      HttpProxy.eventually("the server is released", 5000, patient::idle);
    } finally {
      patient.close();
    }
  }

  @Test
  void repeatedHeadersKeepEveryValueBothWays() {
    Reply reply = proxy.send(HttpMethod.GET, "/api/cookies", MultiMap.caseInsensitiveMultiMap()
      .add("X-Multi", "one").add("X-Multi", "two"), null);
    assertThat(reply.text()).isEqualTo("one|two");
    assertThat(reply.headers().getAll("Set-Cookie")).containsExactly("a=1; Path=/", "b=2; Path=/");
  }
}
