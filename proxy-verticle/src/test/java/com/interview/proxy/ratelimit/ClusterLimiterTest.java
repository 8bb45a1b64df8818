package com.interview.proxy.ratelimit;

import com.interview.testing.TestVertx;
import com.interview.proxy.metrics.ProxyMetrics;
import com.interview.testing.TestHttp;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static com.interview.proxy.ratelimit.LimitDecision.Kind.ALLOW;
import static com.interview.proxy.ratelimit.LimitDecision.Kind.REJECT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Zones with scope: cluster against a real Redis of their own (a redis-server process this test starts and stops).
 * The zone drains a request in 10 s, so a series of decisions cannot outlast a drain however slow the machine is.
 */
class ClusterLimiterTest {

  private Vertx vertx;
  private Process redisServer;
  private int port;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ProxyMetrics metrics = new ProxyMetrics(registry);
  private final LimitZone zone = new LimitZone("shared", Rate.parse("6r/m"), 2, true, LimitZone.Scope.CLUSTER);

  @BeforeEach
  void start() throws Exception {
    vertx = TestVertx.create();
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    startRedis();
  }

  @AfterEach
  void stop() {
    redisServer.destroyForcibly();
    TestHttp.await(vertx.close());
  }

  private void startRedis() throws Exception {
    redisServer = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
      "--save", "", "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    long deadline = System.currentTimeMillis() + 10_000;
    while (true) {
      try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
        return;
      } catch (java.io.IOException notYet) {
        if (System.currentTimeMillis() > deadline) {
          throw new AssertionError("redis-server did not start on " + port);
        }
        Thread.sleep(50); // waiting for a child process to open its port
      }
    }
  }

  /** A limiter warmed up as the proxy does at start: connected, the script loaded, before its first decision. */
  private ClusterLimiter limiter() {
    RedisAPI api = RedisAPI.api(Redis.createClient(vertx, "redis://127.0.0.1:" + port));
    ClusterLimiter l = new ClusterLimiter(zone, api, new GcraLimiter(zone, 1000), metrics);
    TestHttp.await(l.warmUp());
    return l;
  }

  private static List<LimitDecision.Kind> rapid(ClusterLimiter l, String key, int n) {
    List<LimitDecision.Kind> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(TestHttp.await(l.acquire(key)).kind());
    }
    return out;
  }

  @Test
  void redisDecidesWithNginxSemantics() {
    ClusterLimiter l = limiter();
    String key = UUID.randomUUID().toString();
    long t0 = System.nanoTime();
    assertThat(rapid(l, key, 4)).containsExactly(ALLOW, ALLOW, ALLOW, REJECT);
    LimitDecision rejected = TestHttp.await(l.acquire(key));
    long elapsed = (System.nanoTime() - t0) / 1_000_000 + 1; // at least what passed on Redis's clock, in ms
    assertThat(rejected.kind()).isEqualTo(REJECT);
    // 6 r/m: room again 10 s after the first request, less the time that has passed since
    assertThat(rejected.retryAfterMillis()).isBetween(10_000 - elapsed, 10_000L);
  }

  @Test
  void twoProxiesShareOneBucket() {
    ClusterLimiter a = limiter();
    ClusterLimiter b = limiter();
    String key = UUID.randomUUID().toString();
    int accepted = 0;
    for (int i = 0; i < 10; i++) {
      if (TestHttp.await((i % 2 == 0 ? a : b).acquire(key)).kind() == ALLOW) {
        accepted++;
      }
    }
    assertThat(accepted).isEqualTo(3); // burst 2 + 1 for the pair, not 3 each
  }

  @Test
  void withoutRedisTheZoneLimitsLocallyAndComesBack() throws Exception {
    ClusterLimiter l = limiter();
    String key = UUID.randomUUID().toString();
    assertThat(rapid(l, key, 4)).containsExactly(ALLOW, ALLOW, ALLOW, REJECT);
    redisServer.destroyForcibly().waitFor();

    String other = UUID.randomUUID().toString();
    assertThat(rapid(l, other, 4)).containsExactly(ALLOW, ALLOW, ALLOW, REJECT); // the local limiter, same rules
    double fallbacks = registry.get("proxy.ratelimit.fallback").tag("zone", "shared").counter().count();
    assertThat(fallbacks).isGreaterThanOrEqualTo(4);

    startRedis();
    String third = UUID.randomUUID().toString();
    long deadline = System.currentTimeMillis() + 10_000;
    double before;
    do { // the client reconnects on its own; once it does, decisions come from Redis again
      before = registry.get("proxy.ratelimit.fallback").tag("zone", "shared").counter().count();
      TestHttp.await(l.acquire("probe-" + UUID.randomUUID()));
    } while (registry.get("proxy.ratelimit.fallback").tag("zone", "shared").counter().count() > before
      && System.currentTimeMillis() < deadline);
    double settled = registry.get("proxy.ratelimit.fallback").tag("zone", "shared").counter().count();
    assertThat(rapid(l, third, 4)).containsExactly(ALLOW, ALLOW, ALLOW, REJECT);
    assertThat(registry.get("proxy.ratelimit.fallback").tag("zone", "shared").counter().count()).isEqualTo(settled);
  }
}
