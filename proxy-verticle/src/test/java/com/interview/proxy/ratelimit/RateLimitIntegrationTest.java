package com.interview.proxy.ratelimit;

import com.interview.proxy.EdgeConfig;
import com.interview.proxy.EdgeFixture;
import com.interview.testing.Poll;
import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * nginx {@code limit_req} through the real proxy: a client over its zone's rate is answered
 * {@code proxy.limitStatus} with the retry headers, the burst is delayed (not rejected) without {@code nodelay},
 * and the key is the client address as {@code trustedProxies} resolve it. Zones are slow enough (a request drains in
 * 2 s or more) that a loaded machine cannot spread a quick series of requests over a drain; delays are asserted as
 * "not before", which slowness cannot break.
 */
class RateLimitIntegrationTest {

  private EdgeFixture edge;

  @AfterEach
  void stop() {
    if (edge != null) {
      edge.close();
    }
  }

  private static MultiMap from(String xff) {
    return MultiMap.caseInsensitiveMultiMap().add("X-Forwarded-For", xff);
  }

  @Test
  void overTheRateAndBurstIsRejectedWithRetryHeadersThenPassesAgain() {
    // 30 r/m: a request drains in 2 s, so the three below are within one drain even on a slow machine
    edge = EdgeFixture.start(EdgeConfig.defaults().zone("strict", "30r/m", 1, true).limitedRoute("/api/limited/", "strict")
      .limitStatus(429).build());

    long firstSent = System.nanoTime();
    Reply first = edge.get("/api/limited/a");
    Reply second = edge.get("/api/limited/a");
    Reply third = edge.get("/api/limited/a");

    assertThat(first.status()).isEqualTo(200);
    assertThat(second.status()).isEqualTo(200);
    assertThat(third.status()).isEqualTo(429);
    assertThat(third.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(third.json().getString("code")).isEqualTo("rate_limited");
    assertThat(third.json().getInteger("status")).isEqualTo(429);
    // room again 2 s after the first request, less what has passed since: 2 s, or 1 s once a second has gone
    String retryAfter = third.header("Retry-After");
    assertThat(retryAfter).isIn("1", "2");
    assertThat(third.header("RateLimit-Policy")).isEqualTo("\"strict\";q=30;w=60;burst=1");
    assertThat(third.header("RateLimit")).isEqualTo("\"strict\";r=0;t=" + retryAfter);
    assertThat(third.header("X-Request-Id")).matches("[0-9a-f]{32}");
    EdgeFixture.assertSecurityHeaders(third::header);
    assertThat(edge.arrived()).hasSize(2); // the rejected request never reached the API

    // other routes are not limited by this zone
    assertThat(edge.get("/api/other").status()).isEqualTo(200);

    Reply again = Poll.until(() -> edge.get("/api/limited/a"), r -> r.status() == 200, Duration.ofSeconds(30));
    assertThat(again.status()).isEqualTo(200);
    // not before the bucket drained: 2 s after the first request (to the limiter's millisecond), however slow we are
    assertThat((System.nanoTime() - firstSent) / 1_000_000).isGreaterThanOrEqualTo(1999);
  }

  @Test
  void theRejectionStatusComesFromConfiguration() {
    edge = EdgeFixture.start(EdgeConfig.defaults().zone("strict", "1r/m", 0, true).limitedRoute("/api/limited/", "strict")
      .limitStatus(503).build());

    long t0 = System.nanoTime();
    assertThat(edge.get("/api/limited/a").status()).isEqualTo(200);
    Reply rejected = edge.get("/api/limited/a");
    long between = (System.nanoTime() - t0) / 1_000_000 + 1; // at least the time between the two, in limiter ms
    assertThat(rejected.status()).isEqualTo(503);
    assertThat(rejected.json().getString("code")).isEqualTo("rate_limited");
    assertThat(rejected.json().getInteger("status")).isEqualTo(503);
    // nginx truncates 1r/m to 16 milli-requests per second: one request drains in 62.5 s (not 60), less the time
    // between the two requests, which a loaded machine may stretch
    long atLeast = (62_500 - between + 999) / 1000;
    assertThat(Long.parseLong(rejected.header("Retry-After"))).isBetween(atLeast, 63L);
    assertThat(rejected.header("RateLimit-Policy")).isEqualTo("\"strict\";q=1;w=60;burst=0");
  }

  @Test
  void withoutNodelayTheBurstIsDelayedToTheRate() {
    edge = EdgeFixture.start(EdgeConfig.defaults().zone("slow", "10r/s", 3, false).limitedRoute("/api/slow/", "slow").build());
    List<Long> reachedApi = new java.util.concurrent.CopyOnWriteArrayList<>();
    edge.backend(m -> {
      reachedApi.add(System.nanoTime());
      EdgeFixture.echo(m);
    });
    TestHttp http = edge.http();
    int port = edge.port();

    long t0 = System.nanoTime();
    List<Integer> statuses = http.on(client -> {
      List<Future<Integer>> all = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        all.add(client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
            .setURI("/api/slow/" + i))
          .compose(req -> req.send())
          .compose(resp -> resp.body().map(b -> resp.statusCode())));
      }
      return Future.all(all).map(cf -> cf.<Integer>list());
    });

    assertThat(statuses).containsExactly(200, 200, 200, 200); // none rejected
    assertThat(edge.arrived()).hasSize(4);
    // 10 r/s: the k-th request to reach the limiter is passed on 100 ms after the one before it, never sooner —
    // a slow machine can only make them later (to the limiter's millisecond: 1 ms of rounding)
    List<Long> sinceStart = reachedApi.stream().map(at -> (at - t0) / 1_000_000).sorted().toList();
    for (int k = 1; k < 4; k++) {
      assertThat(sinceStart.get(k)).as("request %d of 4 reached the API after (ms): %s", k + 1, sinceStart)
        .isGreaterThanOrEqualTo(k * 100L - 1);
    }
  }

  @Test
  void behindATrustedProxyEachForwardedClientHasItsOwnBucket() {
    edge = EdgeFixture.start(EdgeConfig.defaults().zone("strict", "30r/m", 1, true).limitedRoute("/api/limited/", "strict")
      .trust("127.0.0.1/32").build());

    MultiMap a = from("203.0.113.1");
    assertThat(edge.send(HttpMethod.GET, "/api/limited/x", a, null).status()).isEqualTo(200);
    assertThat(edge.send(HttpMethod.GET, "/api/limited/x", a, null).status()).isEqualTo(200);
    assertThat(edge.send(HttpMethod.GET, "/api/limited/x", a, null).status()).isEqualTo(429);

    Reply b = edge.send(HttpMethod.GET, "/api/limited/x", from("203.0.113.2"), null);
    assertThat(b.status()).isEqualTo(200);
    // the trusted proxy's own address is skipped: the client is the right-most untrusted hop
    Reply c = edge.send(HttpMethod.GET, "/api/limited/x", from("203.0.113.3, 127.0.0.1"), null);
    assertThat(c.status()).isEqualTo(200);
    assertThat(edge.arrived().get(edge.arrived().size() - 1).headers().get(":client")).isEqualTo("203.0.113.3");
  }

  @Test
  void fromAnUntrustedPeerXForwardedForIsIgnored() {
    edge = EdgeFixture.start(EdgeConfig.defaults().zone("strict", "30r/m", 1, true).limitedRoute("/api/limited/", "strict")
      .build());

    assertThat(edge.send(HttpMethod.GET, "/api/limited/x", from("203.0.113.1"), null).status()).isEqualTo(200);
    assertThat(edge.send(HttpMethod.GET, "/api/limited/x", from("203.0.113.2"), null).status()).isEqualTo(200);
    Reply third = edge.send(HttpMethod.GET, "/api/limited/x", from("203.0.113.3"), null);
    assertThat(third.status()).isEqualTo(429); // one bucket: the peer 127.0.0.1
    assertThat(edge.arrived()).hasSize(2);
    assertThat(edge.arrived().get(0).headers().get(":client")).isEqualTo("127.0.0.1");
  }
}
