package com.interview.proxy.balance;

import com.interview.testing.TestVertx;
import com.interview.proxy.Backend;
import com.interview.proxy.HttpProxy;
import com.interview.proxy.HttpTestConfig;
import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Administrative states over a real proxy: a draining or disabled server takes no new request; in-flight ones finish. */
@ExtendWith(VertxExtension.class)
class AdminDrainHttpTest {

  private Vertx vertx;
  private HttpProxy proxy;
  private Backend held;
  private Backend other;
  private final List<HttpServerRequest> waiting = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    vertx = TestVertx.create();
    held = Backend.start(vertx, "held", (req, body) -> {
      if (req.path().startsWith("/api/hold")) {
        waiting.add(req); // answered when the test says so
      } else {
        req.response().end("held");
      }
    });
    other = Backend.start(vertx, "other");
    // a held request waits for the test, not for a read timeout a slow machine could reach first
    proxy = HttpProxy.start(vertx, HttpTestConfig.http().balance(Balance.ROUND_ROBIN).readTimeout(Duration.ofSeconds(60))
      .server(held.url()).server(other.url()).build());
  }

  @AfterEach
  void stop() {
    proxy.close();
    TestHttp.await(vertx.close());
  }

  @Test
  void aDrainingServerTakesNoNewRequestsWhileItsInFlightOneCompletes() throws Exception {
    CompletableFuture<Reply> inFlight = CompletableFuture.supplyAsync(() -> proxy.get("/api/hold")); // round robin: held first
    HttpProxy.eventually("the held server has the request", 5000, () -> waiting.size() == 1);
    Upstream server = proxy.upstream(held.url());

    server.admin(Upstream.Admin.DRAINING);
    assertThat(server.state(System.nanoTime() / 1_000_000)).isEqualTo("draining");
    for (int i = 0; i < 6; i++) {
      assertThat(proxy.get("/api/x").text()).isEqualTo("other");
    }
    assertThat(held.hits()).isEqualTo(1);
    assertThat(inFlight).isNotDone();

    waiting.get(0).response().end("finished");
    Reply reply = inFlight.get(10, TimeUnit.SECONDS);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.text()).isEqualTo("finished");
    HttpProxy.eventually("drained", 5000, () -> server.state(System.nanoTime() / 1_000_000).equals("drained"));

    server.admin(Upstream.Admin.ENABLED);
    int before = held.hits();
    for (int i = 0; i < 4; i++) {
      proxy.get("/api/x");
    }
    assertThat(held.hits() - before).isEqualTo(2);
  }

  @Test
  void aDisabledServerTakesNoRequests() {
    proxy.upstream(held.url()).admin(Upstream.Admin.DISABLED);
    for (int i = 0; i < 6; i++) {
      assertThat(proxy.get("/api/x").text()).isEqualTo("other");
    }
    assertThat(held.hits()).isZero();
    assertThat(proxy.upstream(held.url()).state(System.nanoTime() / 1_000_000)).isEqualTo("disabled");
  }

  @Test
  void everyServerDrainingIsAFast502() {
    proxy.upstream(held.url()).admin(Upstream.Admin.DRAINING);
    proxy.upstream(other.url()).admin(Upstream.Admin.DISABLED);
    Reply reply = proxy.get("/api/x");
    assertThat(reply.status()).isEqualTo(502);
    assertThat(reply.json().getString("code")).isEqualTo("bad_gateway");
    assertThat(held.hits() + other.hits()).isZero();
  }
}
