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
 * and the key is the client address as {@code trustedProxies} resolve it.
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
    edge = EdgeFixture.start(EdgeConfig.defaults().zone("strict", "2r/s", 1, true).limitedRoute("/api/limited/", "strict")
      .limitStatus(429).build());

    Reply first = edge.get("/api/limited/a");
    Reply second = edge.get("/api/limited/a");
    Reply third = edge.get("/api/limited/a");

    assertThat(first.status()).isEqualTo(200);
    assertThat(second.status()).isEqualTo(200);
    assertThat(third.status()).isEqualTo(429);
    assertThat(third.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(third.json().getString("code")).isEqualTo("rate_limited");
    assertThat(third.json().getInteger("status")).isEqualTo(429);
    assertThat(third.header("Retry-After")).isEqualTo("1");
    assertThat(third.header("RateLimit-Policy")).isEqualTo("\"strict\";q=2;w=1;burst=1");
    assertThat(third.header("RateLimit")).isEqualTo("\"strict\";r=0;t=1");
    assertThat(third.header("X-Request-Id")).matches("[0-9a-f]{32}");
    EdgeFixture.assertSecurityHeaders(third::header);
    assertThat(edge.arrived()).hasSize(2); // the rejected request never reached the API

    // other routes are not limited by this zone
    assertThat(edge.get("/api/other").status()).isEqualTo(200);

    long rejectedAt = System.nanoTime();
    Reply again = Poll.until(() -> edge.get("/api/limited/a"), r -> r.status() == 200, Duration.ofSeconds(10));
    assertThat(again.status()).isEqualTo(200);
    // the bucket drains at 2 r/s: room for one more request comes back after about 0.5 s, not at once
    assertThat((System.nanoTime() - rejectedAt) / 1_000_000).isGreaterThanOrEqualTo(200);
  }

  @Test
  void theRejectionStatusComesFromConfiguration() {
    edge = EdgeFixture.start(EdgeConfig.defaults().zone("strict", "1r/m", 0, true).limitedRoute("/api/limited/", "strict")
      .limitStatus(503).build());

    assertThat(edge.get("/api/limited/a").status()).isEqualTo(200);
    Reply rejected = edge.get("/api/limited/a");
    assertThat(rejected.status()).isEqualTo(503);
    assertThat(rejected.json().getString("code")).isEqualTo("rate_limited");
    assertThat(rejected.json().getInteger("status")).isEqualTo(503);
    // nginx truncates 1r/m to 16 milli-requests per second: one request drains in 62.5 s (less the time between
    // the two requests, which a loaded machine stretches to a second or two)
    assertThat(Long.parseLong(rejected.header("Retry-After"))).isBetween(60L, 63L);
    assertThat(rejected.header("RateLimit-Policy")).isEqualTo("\"strict\";q=1;w=60;burst=0");
  }

  @Test
  void withoutNodelayTheBurstIsDelayedToTheRate() {
    edge = EdgeFixture.start(EdgeConfig.defaults().zone("slow", "10r/s", 3, false).limitedRoute("/api/slow/", "slow").build());
    TestHttp http = edge.http();
    int port = edge.port();

    long t0 = System.nanoTime();
    List<Long> doneAt = http.on(client -> {
      List<Future<Long>> all = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        all.add(client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
            .setURI("/api/slow/" + i))
          .compose(req -> req.send())
          .compose(resp -> resp.body().map(b -> {
            assertThat(resp.statusCode()).isEqualTo(200);
            return System.nanoTime();
          })));
      }
      return Future.all(all).map(cf -> cf.<Long>list());
    });

    assertThat(edge.arrived()).hasSize(4); // none rejected
    long first = doneAt.stream().mapToLong(Long::longValue).min().orElseThrow();
    long last = doneAt.stream().mapToLong(Long::longValue).max().orElseThrow();
    // 10 r/s: the 4th request is held until ~300 ms after the 1st arrived
    assertThat((last - first) / 1_000_000).isGreaterThanOrEqualTo(250);
    assertThat((last - t0) / 1_000_000).isLessThan(5000);
  }

  @Test
  void behindATrustedProxyEachForwardedClientHasItsOwnBucket() {
    edge = EdgeFixture.start(EdgeConfig.defaults().zone("strict", "2r/s", 1, true).limitedRoute("/api/limited/", "strict")
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
    edge = EdgeFixture.start(EdgeConfig.defaults().zone("strict", "2r/s", 1, true).limitedRoute("/api/limited/", "strict")
      .build());

    assertThat(edge.send(HttpMethod.GET, "/api/limited/x", from("203.0.113.1"), null).status()).isEqualTo(200);
    assertThat(edge.send(HttpMethod.GET, "/api/limited/x", from("203.0.113.2"), null).status()).isEqualTo(200);
    Reply third = edge.send(HttpMethod.GET, "/api/limited/x", from("203.0.113.3"), null);
    assertThat(third.status()).isEqualTo(429); // one bucket: the peer 127.0.0.1
    assertThat(edge.arrived()).hasSize(2);
    assertThat(edge.arrived().get(0).headers().get(":client")).isEqualTo("127.0.0.1");
  }
}
