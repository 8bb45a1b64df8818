package com.interview.proxy.health;

import com.interview.testing.TestVertx;
import com.interview.proxy.Backend;
import com.interview.proxy.HttpProxy;
import com.interview.proxy.HttpTestConfig;
import com.interview.proxy.balance.Balance;
import com.interview.proxy.balance.Upstream;
import com.interview.testing.TestHttp;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Active checks over a real proxy: a backend whose {@code /health} answers 503 is taken out after {@code fall}
 * checks and gets no traffic; answering 200 again brings it back after {@code rise} checks.
 */
@ExtendWith(VertxExtension.class)
class ActiveHealthHttpTest {

  private static final int RISE = 2;
  private static final int FALL = 3;

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

  @Test
  void aServerFailingItsChecksIsTakenOutAndComesBackAfterRiseChecks() {
    AtomicInteger healthStatus = new AtomicInteger(200);
    AtomicInteger passed = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    Backend sick = Backend.start(vertx, "sick");
    sick.respondWith((req, body) -> {
      if (req.path().equals("/health")) {
        int status = healthStatus.get();
        (status == 200 ? passed : failed).incrementAndGet();
        req.response().setStatusCode(status).end();
      } else {
        req.response().end("sick");
      }
    });
    Backend well = Backend.start(vertx, "well");
    proxy = HttpProxy.start(vertx, HttpTestConfig.http().balance(Balance.ROUND_ROBIN)
      .healthCheck(new HealthCheckConfig(true, "/health", Duration.ofMillis(200), Duration.ofSeconds(1), RISE, FALL))
      .server(sick.url()).server(well.url()).build());
    Upstream server = proxy.upstream(sick.url());

    HttpProxy.eventually("checks run", 5000, () -> passed.get() >= 2);
    assertThat(server.activeUp()).isTrue();

    healthStatus.set(503);
    HttpProxy.eventually("down after failed checks", 5000, () -> !server.activeUp());
    assertThat(failed.get()).as("failed checks before going down").isGreaterThanOrEqualTo(FALL);
    int apiHits = apiHits(sick);
    for (int i = 0; i < 6; i++) {
      assertThat(proxy.get("/api/x").text()).isEqualTo("well");
    }
    assertThat(apiHits(sick)).isEqualTo(apiHits);

    int passedBefore = passed.get();
    healthStatus.set(200);
    HttpProxy.eventually("up after passing checks", 5000, server::activeUp);
    assertThat(passed.get() - passedBefore).as("passed checks before coming back").isGreaterThanOrEqualTo(RISE);
    int served = 0;
    for (int i = 0; i < 4; i++) {
      served += proxy.get("/api/x").text().equals("sick") ? 1 : 0;
    }
    assertThat(served).isEqualTo(2);
  }

  private static int apiHits(Backend b) {
    return (int) b.seen().stream().filter(s -> s.uri().startsWith("/api/")).count();
  }

  @Test
  void aCheckWhoseBodyNeverEndsFailsAfterTheCheckTimeout() {
    Backend stalled = Backend.start(vertx, "stalled", (req, body) -> {
      if (req.path().equals("/health")) {
        req.response().setChunked(true).write("{\"status\":"); // head and a first chunk, then nothing
      } else {
        req.response().end("stalled");
      }
    });
    Backend well = Backend.start(vertx, "well");
    proxy = HttpProxy.start(vertx, HttpTestConfig.http().balance(Balance.ROUND_ROBIN)
      .healthCheck(new HealthCheckConfig(true, "/health", Duration.ofMillis(100), Duration.ofSeconds(1), RISE, FALL))
      .server(stalled.url()).server(well.url()).build());

    HttpProxy.eventually("down after checks timing out", 20_000, () -> !proxy.upstream(stalled.url()).activeUp());
    assertThat(proxy.upstream(well.url()).activeUp()).isTrue();
  }
}
