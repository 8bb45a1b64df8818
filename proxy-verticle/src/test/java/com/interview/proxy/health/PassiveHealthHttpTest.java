package com.interview.proxy.health;

import com.interview.testing.TestVertx;
import com.interview.proxy.Backend;
import com.interview.proxy.HttpProxy;
import com.interview.proxy.HttpTestConfig;
import com.interview.proxy.balance.Balance;
import com.interview.proxy.balance.ServerConfig;
import com.interview.proxy.balance.Upstream;
import com.interview.proxy.transport.RetryPolicy.Condition;
import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * nginx {@code max_fails}/{@code fail_timeout} over a real proxy: a server refusing connections is left alone for
 * {@code failTimeout} after {@code maxFails} failures, then tried again; successes in between do not forget
 * failures (nginx's arithmetic, nginx-tests {@code upstream.t}); a lone server is never marked down.
 */
@ExtendWith(VertxExtension.class)
class PassiveHealthHttpTest {

  private Vertx vertx;
  private HttpProxy proxy;

  @BeforeEach
  void start() {
    vertx = TestVertx.create();
  }

  @AfterEach
  void stop() {
    proxy.close();
    TestHttp.await(vertx.close());
  }

  private static long now() {
    return System.nanoTime() / 1_000_000;
  }

  @Test
  void aRefusingServerIsLeftAloneForFailTimeoutAfterMaxFailsThenTriedAgain() {
    Backend good = Backend.start(vertx, "good");
    String refusing = Backend.refusing(vertx);
    proxy = HttpProxy.start(vertx, HttpTestConfig.http().balance(Balance.ROUND_ROBIN)
      .server(new ServerConfig(refusing, 1, 2, Duration.ofSeconds(5), false)).server(good.url()).build());
    Upstream down = proxy.upstream(refusing);

    for (int i = 0; i < 10 && proxy.attempts(refusing) < 2; i++) {
      assertThat(proxy.get("/api/x").status()).isEqualTo(200); // each failed attempt is retried on the good server
    }
    assertThat(proxy.attempts(refusing)).isEqualTo(2);
    assertThat(down.state(now())).isEqualTo("down");

    int sent = 0;
    while (sent < 10 && down.passive().unavailableFor(now()) > 1000) {
      Reply r = proxy.get("/api/x");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).isEqualTo("good");
      sent++;
    }
    assertThat(sent).as("requests sent while the server was down").isGreaterThanOrEqualTo(3);
    assertThat(proxy.attempts(refusing)).as("no attempt while down").isEqualTo(2);

    HttpProxy.eventually("available again after fail_timeout", 15_000, () -> down.passive().available(now()));
    for (int i = 0; i < 4 && proxy.attempts(refusing) == 2; i++) {
      assertThat(proxy.get("/api/x").status()).isEqualTo(200);
    }
    assertThat(proxy.attempts(refusing)).as("tried again after fail_timeout").isEqualTo(3);
  }

  @Test
  void aLoneFailingServerIsNeverMarkedDown() {
    String refusing = Backend.refusing(vertx);
    proxy = HttpProxy.start(vertx, HttpTestConfig.http()
      .server(new ServerConfig(refusing, 1, 1, Duration.ofSeconds(30), false)).build());

    for (int i = 1; i <= 5; i++) {
      Reply r = proxy.get("/api/x");
      assertThat(r.status()).isEqualTo(502);
      assertThat(r.json().getString("code")).isEqualTo("bad_gateway");
      assertThat(proxy.attempts(refusing)).as("attempts after %d requests", i).isEqualTo(i);
    }
    assertThat(proxy.upstream(refusing).state(now())).isEqualTo("up");
  }

  /** nginx-tests upstream.t: successes between failures do not save a flapping server (nginx sends it 9 at most). */
  @Test
  void aServerFailingEveryThirdRequestIsEjectedAtItsThirdFailure() {
    Backend flaky = Backend.start(vertx, "flaky");
    Backend other = Backend.start(vertx, "other");
    flaky.respondWith((req, body) -> req.response().setStatusCode(flaky.hits() % 3 == 0 ? 502 : 200).end("flaky"));
    proxy = HttpProxy.start(vertx, HttpTestConfig.http().balance(Balance.ROUND_ROBIN)
      .retryOn(Condition.ERROR, Condition.HTTP_502)
      .server(new ServerConfig(flaky.url(), 1, 3, Duration.ofSeconds(30), false)).server(other.url()).build());

    for (int i = 0; i < 40; i++) {
      assertThat(proxy.get("/api/x").status()).as("request %d (a 502 is retried on the other server)", i).isEqualTo(200);
    }
    assertThat(flaky.hits()).as("requests that reached the flapping server").isEqualTo(9);
    assertThat(proxy.upstream(flaky.url()).state(now())).isEqualTo("down");
  }

  @Test
  void aSuccessWithinFailTimeoutDoesNotForgetTheFailures() {
    AtomicBoolean failing = new AtomicBoolean(true);
    Backend flaky = flakyBeside(failing, Duration.ofSeconds(30));

    assertThat(proxy.get("/api/x").text()).isEqualTo("other"); // flaky: 502, retried on other (1 failure)
    failing.set(false);
    for (int i = 0; i < 10 && flaky.hits() < 2; i++) {
      proxy.get("/api/x"); // flaky answers 200 once, within fail_timeout of its failure
    }
    assertThat(flaky.hits()).isEqualTo(2);
    assertThat(proxy.upstream(flaky.url()).passive().fails()).as("failures kept").isEqualTo(1);
    failing.set(true);
    for (int i = 0; i < 10 && flaky.hits() < 3; i++) {
      proxy.get("/api/x"); // a second failure: 2 of 2
    }
    assertThat(flaky.hits()).isEqualTo(3);
    assertThat(proxy.upstream(flaky.url()).state(now())).isEqualTo("down");
  }

  @Test
  void aSuccessAfterAQuietFailTimeoutForgetsTheFailures() {
    AtomicBoolean failing = new AtomicBoolean(true);
    Backend flaky = flakyBeside(failing, Duration.ofMillis(300));
    Upstream server = proxy.upstream(flaky.url());

    assertThat(proxy.get("/api/x").text()).isEqualTo("other"); // 1 failure
    long failed = now();
    failing.set(false);
    HttpProxy.eventually("fail_timeout passed", 5000, () -> now() - failed > 400);
    for (int i = 0; i < 10 && flaky.hits() < 2; i++) {
      proxy.get("/api/x"); // the first request after a quiet fail_timeout succeeds: failures forgotten
    }
    assertThat(server.passive().fails()).isZero();
    failing.set(true);
    for (int i = 0; i < 10 && flaky.hits() < 3; i++) {
      proxy.get("/api/x"); // one new failure: 1 of 2, still up
    }
    assertThat(server.state(now())).isEqualTo("up");
  }

  /**
   * A server answering 502 while {@code failing} (max_fails 2 within {@code failTimeout}) beside a good one named
   * "other", round robin, 502 retried: the proxy is started.
   */
  private Backend flakyBeside(AtomicBoolean failing, Duration failTimeout) {
    Backend flaky = Backend.start(vertx, "flaky");
    Backend other = Backend.start(vertx, "other");
    flaky.respondWith((req, body) -> req.response().setStatusCode(failing.get() ? 502 : 200).end("flaky"));
    proxy = HttpProxy.start(vertx, HttpTestConfig.http().balance(Balance.ROUND_ROBIN)
      .retryOn(Condition.ERROR, Condition.HTTP_502)
      .server(new ServerConfig(flaky.url(), 1, 2, failTimeout, false)).server(other.url()).build());
    return flaky;
  }
}
