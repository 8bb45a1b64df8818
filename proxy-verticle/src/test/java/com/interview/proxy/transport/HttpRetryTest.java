package com.interview.proxy.transport;

import com.interview.testing.TestVertx;
import com.interview.proxy.Backend;
import com.interview.proxy.HttpProxy;
import com.interview.proxy.HttpTestConfig;
import com.interview.proxy.balance.Balance;
import com.interview.proxy.balance.ServerConfig;
import com.interview.proxy.transport.RetryPolicy.Condition;
import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@code proxy_next_upstream} over real backends: which failures move a request to the next server, which
 * methods may be repeated, the {@code tries} bound, and the answer when nothing can be reached.
 * Servers are balanced round robin so the first attempt goes to the first server listed.
 */
@ExtendWith(VertxExtension.class)
class HttpRetryTest {

  private Vertx vertx;
  private HttpProxy proxy;
  private Backend bad;
  private Backend good;

  @BeforeEach
  void start() {
    vertx = TestVertx.create();
    bad = Backend.start(vertx, "bad", (req, body) -> req.response().setStatusCode(502).end("bad says 502"));
    good = Backend.start(vertx, "good");
  }

  @AfterEach
  void stop() {
    if (proxy != null) {
      HttpProxy.eventually("every attempt released its server", 5000, proxy::idle);
      proxy.close();
    }
    TestHttp.await(vertx.close());
  }

  private HttpTestConfig retrying502() {
    return HttpTestConfig.http().balance(Balance.ROUND_ROBIN)
      .retryOn(Condition.ERROR, Condition.TIMEOUT, Condition.HTTP_502);
  }

  @Test
  void aGetAnswered502IsRetriedOnTheNextServer() {
    proxy = HttpProxy.start(vertx, retrying502().server(bad.url()).server(good.url()).build());

    Reply reply = proxy.get("/api/x");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.text()).isEqualTo("good");
    assertThat(bad.hits()).isEqualTo(1);
    assertThat(good.hits()).isEqualTo(1);
  }

  @Test
  void aRouteWithItsOwnRetryPolicyOverridesTheUpstreamOne() {
    RetryPolicy none = new RetryPolicy(java.util.Set.of(), 1, Duration.ZERO, false);
    proxy = HttpProxy.start(vertx, retrying502().server(bad.url()).server(good.url())
      .route(new com.interview.proxy.route.RouteConfig("/api/once/", null, 1 << 20, java.util.List.of(), null, null, none))
      .build());

    Reply once = proxy.get("/api/once/x");
    assertThat(once.status()).isEqualTo(502);
    assertThat(once.text()).isEqualTo("bad says 502");
    assertThat(good.hits()).isZero();

    Reply retried = proxy.get("/api/x"); // round robin: good first, then bad → good
    Reply again = proxy.get("/api/x");
    assertThat(retried.status()).isEqualTo(200);
    assertThat(again.status()).isEqualTo(200);
  }

  @Test
  void aRouteWithItsOwnReadTimeoutAnswers504Sooner() {
    Backend slow = Backend.start(vertx, "slow", (req, body) -> vertx.setTimer(1500, t -> req.response().end("late")));
    com.interview.proxy.config.Timeouts quick = new com.interview.proxy.config.Timeouts(Duration.ofSeconds(1),
      Duration.ofMillis(300), Duration.ofSeconds(5), Duration.ofSeconds(5));
    proxy = HttpProxy.start(vertx, HttpTestConfig.http().server(slow.url()).readTimeout(Duration.ofSeconds(5))
      .route(new com.interview.proxy.route.RouteConfig("/api/quick/", null, 1 << 20, java.util.List.of(), null, quick, null))
      .build());

    long t0 = System.nanoTime();
    Reply quickReply = proxy.get("/api/quick/x");
    long quickMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(quickReply.status()).isEqualTo(504);
    assertThat(quickMs).as("not before the route's 300 ms").isGreaterThanOrEqualTo(250); // 504: the route's timeout, not the 5 s

    Reply patient = proxy.get("/api/x"); // the proxy-wide read timeout (5 s) lets the slow answer through
    assertThat(patient.status()).isEqualTo(200);
    assertThat(patient.text()).isEqualTo("late");
  }

  @Test
  void a502IsRelayedWhenHttp502IsNotARetryCondition() {
    proxy = HttpProxy.start(vertx, HttpTestConfig.http().balance(Balance.ROUND_ROBIN)
      .server(bad.url()).server(good.url()).build());

    Reply reply = proxy.get("/api/x");

    assertThat(reply.status()).isEqualTo(502);
    assertThat(reply.text()).isEqualTo("bad says 502");
    assertThat(good.hits()).isZero();
  }

  @Test
  void aPostIsNotRepeatedAfterTheUpstreamGotIt() {
    proxy = HttpProxy.start(vertx, retrying502().server(bad.url()).server(good.url()).build());

    Reply reply = proxy.send(HttpMethod.POST, "/api/orders", null, Buffer.buffer("order"));

    assertThat(reply.status()).isEqualTo(502);
    assertThat(bad.hits()).isEqualTo(1);
    assertThat(good.hits()).isZero();
  }

  @Test
  void aPostIsRepeatedAfterTheUpstreamGotItWhenNonIdempotentIsOn() {
    proxy = HttpProxy.start(vertx, retrying502().nonIdempotent(true).server(bad.url()).server(good.url()).build());

    Reply reply = proxy.send(HttpMethod.POST, "/api/orders", null, Buffer.buffer("order"));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(bad.hits()).isEqualTo(1);
    assertThat(good.last().body().toString()).isEqualTo("order");
  }

  @Test
  void aPostIsRepeatedWhenTheConnectionWasRefused() {
    String refusing = Backend.refusing(vertx);
    proxy = HttpProxy.start(vertx, HttpTestConfig.http().balance(Balance.ROUND_ROBIN)
      .server(refusing).server(good.url()).build());

    Reply reply = proxy.send(HttpMethod.POST, "/api/orders", null, Buffer.buffer("order"));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(proxy.attempts(refusing)).isEqualTo(1);
    assertThat(good.last().method()).isEqualTo(HttpMethod.POST);
    assertThat(good.last().body().toString()).isEqualTo("order");
  }

  @Test
  void triesBoundsTheAttempts() {
    Backend bad2 = Backend.start(vertx, "bad2", (req, body) -> req.response().setStatusCode(502).end());
    Backend bad3 = Backend.start(vertx, "bad3", (req, body) -> req.response().setStatusCode(502).end());
    proxy = HttpProxy.start(vertx, retrying502().tries(2).server(bad.url()).server(bad2.url()).server(bad3.url()).build());

    Reply reply = proxy.get("/api/x");

    assertThat(reply.status()).isEqualTo(502);
    assertThat(bad.hits() + bad2.hits() + bad3.hits()).isEqualTo(2);
  }

  @Test
  void zeroTriesMeansOnePerServer() {
    Backend bad2 = Backend.start(vertx, "bad2", (req, body) -> req.response().setStatusCode(502).end());
    proxy = HttpProxy.start(vertx, retrying502().tries(0).server(bad.url()).server(bad2.url()).server(good.url()).build());

    assertThat(proxy.get("/api/x").status()).isEqualTo(200);
    assertThat(bad.hits()).isEqualTo(1);
    assertThat(bad2.hits()).isEqualTo(1);
    assertThat(good.hits()).isEqualTo(1);
  }

  @Test
  void nothingIsRetriedOnceTheResponseBegan() {
    Backend breaking = Backend.start(vertx, "breaking", (req, body) -> {
      req.response().setChunked(true).write("partial");
      vertx.setTimer(100, t -> req.connection().close());
    });
    proxy = HttpProxy.start(vertx, retrying502().server(breaking.url()).server(good.url()).build());

    Throwable broken = catchThrowable(() -> proxy.get("/api/x"));

    assertThat(broken).as("the client must see a broken response, not a complete one").isNotNull();
    assertThat(breaking.hits()).isEqualTo(1);
    assertThat(good.hits()).isZero();
  }

  @Test
  void noReachableServerIsAFast502Problem() {
    String refusing1 = Backend.refusing(vertx);
    String refusing2 = Backend.refusing(vertx);
    proxy = HttpProxy.start(vertx, HttpTestConfig.http().balance(Balance.ROUND_ROBIN).connectTimeout(Duration.ofSeconds(30))
      .server(new ServerConfig(refusing1, 1, 1, Duration.ofSeconds(30), false))
      .server(new ServerConfig(refusing2, 1, 1, Duration.ofSeconds(30), false)).build());

    for (int i = 0; i < 3; i++) { // first both are tried, then both are known down
      long t0 = System.nanoTime();
      Reply reply = proxy.get("/api/x");
      assertThat((System.nanoTime() - t0) / 1_000_000).as("no wait for the 30 s connect timeout").isLessThan(15_000);
      assertThat(reply.status()).isEqualTo(502);
      assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(reply.json().getString("code")).isEqualTo("bad_gateway");
      assertThat(reply.header("X-Frame-Options")).isEqualTo("DENY");
    }
    assertThat(proxy.attempts(refusing1)).isEqualTo(1);
    assertThat(proxy.attempts(refusing2)).isEqualTo(1);
  }

  @Test
  void aGetTimingOutIsRetriedOnTheNextServer() {
    Backend silent = Backend.start(vertx, "silent", (req, body) -> { });
    proxy = HttpProxy.start(vertx, HttpTestConfig.http().balance(Balance.ROUND_ROBIN).readTimeout(Duration.ofSeconds(3))
      .server(silent.url()).server(good.url()).build());

    Reply reply = proxy.get("/api/x");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.text()).isEqualTo("good");
    assertThat(silent.hits()).isEqualTo(1);
  }

  @Test
  void aPostTimingOutIsNotRepeatedAndIs504() {
    Backend silent = Backend.start(vertx, "silent", (req, body) -> { });
    proxy = HttpProxy.start(vertx, HttpTestConfig.http().balance(Balance.ROUND_ROBIN).readTimeout(Duration.ofMillis(500))
      .server(silent.url()).server(good.url()).build());

    Reply reply = proxy.send(HttpMethod.POST, "/api/orders", null, Buffer.buffer("order"));

    assertThat(reply.status()).isEqualTo(504);
    assertThat(reply.json().getString("code")).isEqualTo("gateway_timeout");
    assertThat(good.hits()).isZero();
  }

  @Test
  void noNewAttemptAfterTheRetryTimeout() {
    Backend slowBad = Backend.start(vertx, "slowBad", (req, body) ->
      vertx.setTimer(400, t -> req.response().setStatusCode(502).end("slow 502")));
    proxy = HttpProxy.start(vertx, retrying502().retryTimeout(Duration.ofMillis(200))
      .server(slowBad.url()).server(good.url()).build());

    Reply reply = proxy.get("/api/x");

    assertThat(reply.status()).isEqualTo(502);
    assertThat(reply.text()).isEqualTo("slow 502");
    assertThat(good.hits()).isZero();
  }

  @Test
  void triesAboveTheServerCountRelayTheLastAnswer() {
    Backend busy1 = Backend.start(vertx, "busy1", (req, body) ->
      req.response().setStatusCode(503).putHeader("Retry-After", "7").end("busy1 overloaded"));
    Backend busy2 = Backend.start(vertx, "busy2", (req, body) ->
      req.response().setStatusCode(503).putHeader("Retry-After", "7").end("busy2 overloaded"));
    proxy = HttpProxy.start(vertx, HttpTestConfig.http().balance(Balance.ROUND_ROBIN)
      .retryOn(Condition.ERROR, Condition.HTTP_503).tries(5).server(busy1.url()).server(busy2.url()).build());

    Reply reply = proxy.get("/api/x");

    assertThat(reply.status()).as(reply.text()).isEqualTo(503); // as nginx: tries is capped by the servers there are
    assertThat(reply.text()).isEqualTo("busy2 overloaded");
    assertThat(reply.header("Retry-After")).isEqualTo("7");
    assertThat(busy1.hits()).isEqualTo(1);
    assertThat(busy2.hits()).isEqualTo(1);
  }

  @Test
  void aGetToAnUpstreamClosingWithoutAnAnswerIsRetried() {
    Backend hangingUp = Backend.start(vertx, "hangingUp", (req, body) -> req.connection().close());
    proxy = HttpProxy.start(vertx, HttpTestConfig.http().balance(Balance.ROUND_ROBIN)
      .server(hangingUp.url()).server(good.url()).build());

    Reply get = proxy.get("/api/x");

    assertThat(get.status()).isEqualTo(200);
    assertThat(get.text()).isEqualTo("good");
    assertThat(hangingUp.hits()).isEqualTo(1);
  }

  @Test
  void aPostToAnUpstreamClosingWithoutAnAnswerIsNotRepeated() {
    Backend hangingUp = Backend.start(vertx, "hangingUp", (req, body) -> req.connection().close());
    proxy = HttpProxy.start(vertx, HttpTestConfig.http().balance(Balance.ROUND_ROBIN)
      .server(hangingUp.url()).server(good.url()).build());

    Reply post = proxy.send(HttpMethod.POST, "/api/orders", null, Buffer.buffer("order"));

    assertThat(post.status()).isEqualTo(502);
    assertThat(post.json().getString("code")).isEqualTo("bad_gateway");
    assertThat(hangingUp.hits()).isEqualTo(1);
    assertThat(good.hits()).isZero();
  }
}
