package com.interview.proxy.balance;

import com.interview.testing.TestVertx;
import com.interview.proxy.Backend;
import com.interview.proxy.HttpProxy;
import com.interview.proxy.HttpTestConfig;
import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code least_conn} through a real proxy to real backends: load follows in-flight requests, ties rotate. Backends
 * that must be busy hold their requests until the test answers them, so what is in flight never depends on how fast
 * this machine answers.
 */
@ExtendWith(VertxExtension.class)
class LeastConnHttpTest {

  private Vertx vertx;
  private HttpProxy proxy;
  private HttpClient client;
  private Context context;
  /** Requests each holding backend keeps, by backend name, until {@link #answer} ends them. */
  private final Map<String, List<HttpServerRequest>> held = new ConcurrentHashMap<>();
  private final List<Future<Reply>> replies = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    vertx = TestVertx.create();
    client = vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(16));
    context = vertx.getOrCreateContext();
  }

  @AfterEach
  void stop() {
    held.keySet().forEach(this::answer);
    if (proxy != null) {
      proxy.close();
    }
    TestHttp.await(vertx.close());
  }

  /** A backend that answers nothing until the test calls {@link #answer} with its name. */
  private Backend holding(String name) {
    List<HttpServerRequest> mine = new CopyOnWriteArrayList<>();
    held.put(name, mine);
    return Backend.start(vertx, name, (req, body) -> mine.add(req));
  }

  /** Sends a GET through the proxy and waits until a holding backend has it; that backend's name. */
  private String sendHeld() {
    Map<String, Integer> before = new HashMap<>();
    held.forEach((name, requests) -> before.put(name, requests.size()));
    replies.add(Future.future(p -> context.runOnContext(v -> client.request(new RequestOptions().setHost("127.0.0.1")
        .setPort(proxy.port()).setURI("/api/held"))
      .compose(HttpClientRequest::send)
      .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b)))
      .onComplete(p))));
    HttpProxy.eventually("a backend holds the request", 10_000,
      () -> held.entrySet().stream().anyMatch(e -> e.getValue().size() > before.get(e.getKey())));
    return held.entrySet().stream().filter(e -> e.getValue().size() > before.get(e.getKey())).findFirst().orElseThrow().getKey();
  }

  /** Ends every request {@code name} holds, with its name as the body. */
  private void answer(String name) {
    List<HttpServerRequest> requests = held.get(name);
    List<HttpServerRequest> now = new ArrayList<>(requests);
    requests.removeAll(now);
    now.forEach(r -> r.response().end(name));
  }

  /**
   * Requests in flight decide, not speed: every backend keeps its requests until the test answers them, each
   * request is sent once the one before is held, so the in-flight counts the balancer compares are exact.
   */
  @Test
  void theServerThatFinishesItsRequestsGetsTheNextOnesWhileTheOthersStillHoldTheirs() {
    Backend fast = holding("fast");
    Backend slow1 = holding("slow1");
    Backend slow2 = holding("slow2");
    proxy = HttpProxy.start(vertx, HttpTestConfig.http().balance(Balance.LEAST_CONN).readTimeout(Duration.ofSeconds(60))
      .server(fast.url()).server(slow1.url()).server(slow2.url()).build());

    List<String> first = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      first.add(sendHeld());
    }
    // level by level: each server gets one before any gets a second (which one first is the ties' rotation)
    assertThat(first.subList(0, 3)).as("decisions %s", first).containsExactlyInAnyOrder("fast", "slow1", "slow2");
    assertThat(first.subList(3, 6)).as("decisions %s", first).containsExactlyInAnyOrder("fast", "slow1", "slow2");

    answer("fast"); // fast is done with its two; the slow ones still work on theirs
    HttpProxy.eventually("fast's answers are through", 10_000, () -> proxy.upstream(fast.url()).inFlight() == 0);
    assertThat(List.of(sendHeld(), sendHeld())).as("fewer in flight: fast, until it is level").containsExactly("fast", "fast");
    assertThat(fast.hits()).isEqualTo(4);
    assertThat(slow1.hits()).isEqualTo(2);
    assertThat(slow2.hits()).isEqualTo(2);

    held.keySet().forEach(this::answer);
    assertThat(TestHttp.await(Future.all(replies))).isNotNull();
    assertThat(replies).allSatisfy(r -> assertThat(r.result().status()).isEqualTo(200));
    HttpProxy.eventually("nothing in flight", 5000, proxy::idle);
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
    Backend heavy = holding("heavy");
    Backend light = holding("light");
    proxy = HttpProxy.start(vertx, HttpTestConfig.http().balance(Balance.LEAST_CONN).readTimeout(Duration.ofSeconds(60))
      .server(heavy.url(), 3).server(light.url(), 1).build());

    List<String> order = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      order.add(sendHeld());
    }
    // each request to the fewest in flight per weight (ties: weighted round robin): 6 and 2 held, as 3 to 1
    assertThat(order).containsExactly("heavy", "light", "heavy", "heavy", "heavy", "light", "heavy", "heavy");

    held.keySet().forEach(this::answer);
    assertThat(TestHttp.await(Future.all(replies))).isNotNull();
    assertThat(replies).allSatisfy(r -> assertThat(r.result().status()).isEqualTo(200));
  }

  @Test
  void inFlightRequestsCountAcrossProxyInstances() throws Exception {
    List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
    Backend busy = Backend.start(vertx, "busy", (req, body) -> held.add(req));
    Backend free = Backend.start(vertx, "free");
    proxy = HttpProxy.start(vertx, HttpTestConfig.http().balance(Balance.LEAST_CONN).readTimeout(Duration.ofSeconds(60))
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
