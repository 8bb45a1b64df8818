package com.interview.app.redis;

import com.interview.testing.TestHttp.Reply;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code api.redis.type: sentinel} for real: the whole application (role {@code all}) on a private master, replica
 * and three sentinels ({@link SentinelGroup}); the master is SIGKILLed under a cluster-wide rate limit and under
 * logins. Timings go to stdout ({@code failover:} lines).
 */
class RedisSentinelIT {

  private static final long FAILOVER_DEADLINE_MS = 30_000;

  @TempDir
  Path dir;

  private SentinelGroup redis;
  private NodeOnRedis app;

  @BeforeAll
  static void tools() {
    assumeTrue(SentinelGroup.available(),
      "redis-server, redis-sentinel and redis-cli are needed (apt-get install redis-server redis-sentinel)");
  }

  @BeforeEach
  void boot() throws Exception {
    redis = SentinelGroup.start(dir);
    app = NodeOnRedis.start(Map.of("REDIS_TYPE", "sentinel", "REDIS_ENDPOINTS", String.join(",", redis.sentinelUrls()),
      "REDIS_MASTER_NAME", SentinelGroup.MASTER_NAME));
  }

  @AfterEach
  void shutdown() throws Exception {
    try (AutoCloseable deployment = redis) {
      if (app != null) {
        app.close();
      }
    }
  }

  @Test
  void aClusterWideZoneKeepsItsCountThroughAFailover() throws Exception {
    String client = "198.51.100.7";
    for (int i = 0; i < 6; i++) {
      assertThat(app.get(client).status()).as("request %d before the failover", i + 1).isEqualTo(200);
    }
    redis.awaitReplicated(); // Redis replicates asynchronously: only what the replica acknowledged survives

    int old = redis.killMaster();
    long killed = System.nanoTime();
    List<Integer> during = new ArrayList<>();
    int probe = 0;
    long failedOver = -1;
    while (true) {
      // a fresh client per probe: its answer is 200 whoever decides; its bucket shows where the decision was made
      probe++;
      String address = "10.77." + (probe / 250) + "." + (probe % 250 + 1);
      Reply r = app.get(address);
      during.add(r.status());
      if (failedOver < 0 && redis.failedOverFrom(old)) {
        failedOver = System.nanoTime();
      }
      if (failedOver >= 0 && redis.cli(redis.masterPort(), "EXISTS", "limit:api:" + address).contains("1")) {
        break;
      }
      assertThat(System.nanoTime() - killed).as("the zone back on Redis within %d ms", FAILOVER_DEADLINE_MS)
        .isLessThan(TimeUnit.MILLISECONDS.toNanos(FAILOVER_DEADLINE_MS));
      Thread.sleep(100);
    }
    long back = System.nanoTime();
    System.out.printf("failover: rate-limit zone: sentinels promoted the replica %d ms after the kill, the zone "
        + "decided in Redis again after %d ms (%d probes, statuses %s)%n", ms(failedOver - killed), ms(back - killed),
      during.size(), summary(during));
    assertThat(during).as("requests during the failover (the zone falls back to the local limiter)").containsOnly(200);

    int accepted = 0;
    int status;
    while ((status = app.get(client).status()) == 200) {
      accepted++;
      assertThat(accepted).as("requests accepted after the failover").isLessThan(NodeOnRedis.ZONE_SIZE);
    }
    assertThat(status).isEqualTo(429);
    assertThat(accepted).as("the zone's count survived: 6 of %d were used before the kill", NodeOnRedis.ZONE_SIZE)
      .isBetween(NodeOnRedis.ZONE_SIZE - 6 - 1, NodeOnRedis.ZONE_SIZE - 6 + 1);
  }

  @Test
  void loginsWorkAgainWithinTheFailover() throws Exception {
    String email = "sentinel-" + UUID.randomUUID() + "@example.com";
    JsonObject credentials = new JsonObject().put("email", email).put("password", "correct horse battery staple");
    Reply registered = app.post("/api/auth/register", null, credentials.copy().put("name", "Sentinel Test"));
    assertThat(registered.status()).as(registered.text()).isEqualTo(201);
    assertThat(login(credentials).status()).isEqualTo(200);

    int old = redis.killMaster();
    long killed = System.nanoTime();
    List<Integer> statuses = new ArrayList<>();
    List<String> codes = new ArrayList<>();
    long failedOver = -1;
    Reply r;
    do {
      r = login(credentials);
      statuses.add(r.status());
      if (r.status() != 200) {
        codes.add(r.status() + " " + r.json().getString("code"));
      }
      if (failedOver < 0 && redis.failedOverFrom(old)) {
        failedOver = System.nanoTime();
      }
      assertThat(System.nanoTime() - killed).as("logins back within %d ms", FAILOVER_DEADLINE_MS)
        .isLessThan(TimeUnit.MILLISECONDS.toNanos(FAILOVER_DEADLINE_MS));
      if (r.status() != 200) {
        Thread.sleep(100);
      }
    } while (r.status() != 200);
    long back = System.nanoTime();
    System.out.printf("failover: logins: sentinels promoted the replica %s ms after the kill, logins answered 200 "
        + "again after %d ms (%d attempts, statuses %s)%n", failedOver < 0 ? "(not yet seen)" : ms(failedOver - killed),
      ms(back - killed), statuses.size(), summary(statuses));
    assertThat(codes).as("the only failures are the documented 503s").allMatch(c -> c.equals("503 session_store_unavailable"));

    for (int i = 0; i < 5; i++) {
      assertThat(login(credentials).status()).as("login %d after the failover", i + 1).isEqualTo(200);
    }
  }

  private Reply login(JsonObject credentials) {
    return app.post("/api/auth/login", null, credentials);
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  private static Map<Integer, Long> summary(List<Integer> statuses) {
    return statuses.stream().collect(java.util.stream.Collectors.groupingBy(s -> s, java.util.TreeMap::new,
      java.util.stream.Collectors.counting()));
  }
}
