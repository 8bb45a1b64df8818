package com.interview.proxy.balance;

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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code least_conn} through a real proxy to real backends: load follows in-flight requests, ties rotate. */
@ExtendWith(VertxExtension.class)
class LeastConnHttpTest {

  private Vertx vertx;
  private HttpProxy proxy;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
    TestHttp.await(vertx.close());
  }

  @Test
  void aSlowServerGetsClearlyFewerRequestsUnderConcurrentLoad() {
    Backend fast1 = Backend.start(vertx, "fast1");
    Backend fast2 = Backend.start(vertx, "fast2");
    Backend slow = Backend.start(vertx, "slow");
    slow.respondWith(slow.named(300));
    proxy = HttpProxy.start(vertx, HttpTestConfig.http().balance(Balance.LEAST_CONN)
      .server(fast1.url()).server(slow.url()).server(fast2.url()).build());

    List<Reply> replies = proxy.concurrently(10, 6, "/api/load");

    assertThat(replies).hasSize(60).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    assertThat(fast1.hits() + fast2.hits() + slow.hits()).isEqualTo(60);
    assertThat(slow.hits() * 2).as("slow %d, fast %d and %d", slow.hits(), fast1.hits(), fast2.hits())
      .isLessThan(fast1.hits()).isLessThan(fast2.hits());
    HttpProxy.eventually("nothing in flight", 5000, () -> proxy.shared().upstreams().servers().stream().allMatch(u -> u.inFlight() == 0));
  }

  @Test
  void sequentialRequestsSpreadEvenlyOverEqualServers() {
    List<Backend> backends = List.of(Backend.start(vertx, "a"), Backend.start(vertx, "b"), Backend.start(vertx, "c"));
    HttpTestConfig config = HttpTestConfig.http().balance(Balance.LEAST_CONN);
    backends.forEach(b -> config.server(b.url()));
    proxy = HttpProxy.start(vertx, config.build());

    List<String> order = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      Reply r = proxy.get("/api/seq");
      assertThat(r.status()).isEqualTo(200);
      order.add(r.text());
    }

    assertThat(backends).allSatisfy(b -> assertThat(b.hits()).as(b.name() + " in " + order).isEqualTo(10));
    for (int i = 3; i < order.size(); i++) {
      assertThat(order.get(i)).as("round robin among ties: " + order).isEqualTo(order.get(i - 3));
    }
  }

  @Test
  void weightsShareSequentialTraffic() {
    Backend heavy = Backend.start(vertx, "heavy");
    Backend light = Backend.start(vertx, "light");
    proxy = HttpProxy.start(vertx, HttpTestConfig.http().balance(Balance.LEAST_CONN)
      .server(heavy.url(), 3).server(light.url(), 1).build());

    for (int i = 0; i < 40; i++) {
      assertThat(proxy.get("/api/w").status()).isEqualTo(200);
    }

    assertThat(heavy.hits()).isEqualTo(30); // ties broken by weighted round robin, as nginx does
    assertThat(light.hits()).isEqualTo(10);
  }

  @Test
  void weightsShareConcurrentTraffic() {
    Backend heavy = Backend.start(vertx, "heavy");
    Backend light = Backend.start(vertx, "light");
    heavy.respondWith(heavy.named(100));
    light.respondWith(light.named(100));
    proxy = HttpProxy.start(vertx, HttpTestConfig.http().balance(Balance.LEAST_CONN)
      .server(heavy.url(), 3).server(light.url(), 1).build());

    List<Reply> replies = proxy.concurrently(8, 4, "/api/w");

    assertThat(replies).hasSize(32).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    assertThat(heavy.hits()).as("heavy %d, light %d", heavy.hits(), light.hits()).isGreaterThanOrEqualTo(light.hits() * 2);
  }

  @Test
  void inFlightRequestsCountAcrossProxyInstances() throws Exception {
    List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
    Backend busy = Backend.start(vertx, "busy", (req, body) -> held.add(req));
    Backend free = Backend.start(vertx, "free");
    proxy = HttpProxy.start(vertx, HttpTestConfig.http().balance(Balance.LEAST_CONN)
      .server(busy.url()).server(free.url()).build());
    int secondPort = proxy.startAnotherInstance();

    CompletableFuture<Reply> first = CompletableFuture.supplyAsync(() -> proxy.get("/api/long")); // ties: busy first
    HttpProxy.eventually("busy holds a request", 5000, () -> held.size() == 1);
    TestHttp other = new TestHttp(vertx);
    for (int i = 0; i < 5; i++) {
      assertThat(other.get(secondPort, "/api/x").text()).as("request %d through the other instance", i).isEqualTo("free");
    }

    held.get(0).response().end("busy");
    assertThat(first.get(10, TimeUnit.SECONDS).text()).isEqualTo("busy");
  }
}
