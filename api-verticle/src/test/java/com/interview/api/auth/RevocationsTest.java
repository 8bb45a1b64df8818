package com.interview.api.auth;

import com.interview.api.TestApi;
import com.interview.api.db.DataStores;
import com.interview.api.db.RedisConfig;
import com.interview.testing.TestHttp;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which check a request gets: the local copy alone while the feed is live, Redis as well while it is not. A key
 * written straight into Redis (as a node that never published would) tells them apart.
 */
class RevocationsTest {

  private Vertx vertx;
  private RedisOptions options;
  private Redis client;
  private RedisAPI redis;
  private RevocationFeed feed;
  private final String onlyInRedis = Revocations.tokenKey("only-in-redis-" + UUID.randomUUID());

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    options = DataStores.redisOptions(new RedisConfig(TestApi.REDIS_URL, 2));
    client = Redis.createClient(vertx, options);
    redis = RedisAPI.api(client);
    TestHttp.await(redis.set(List.of(onlyInRedis, "1", "PX", "60000")));
  }

  @AfterEach
  void stop() {
    TestHttp.await(redis.del(List.of(onlyInRedis)));
    if (feed != null) {
      TestHttp.await(feed.close());
    }
    client.close();
    TestHttp.await(vertx.close());
  }

  private Revocations revocations(RevocationList list) {
    feed = new RevocationFeed(vertx, options, redis, list);
    return new Revocations(redis, list, feed, Duration.ofMinutes(15));
  }

  @Test
  void whileTheFeedIsNotLiveRedisIsAskedAsWell() {
    Revocations r = revocations(new RevocationList(100)); // feed never started: down
    assertThat(TestHttp.await(r.refused(List.of(onlyInRedis)))).isTrue();
    assertThat(TestHttp.await(r.refused(List.of(Revocations.tokenKey("nobody"))))).isFalse();
  }

  @Test
  void whileTheFeedIsLiveTheLocalCopyAloneDecides() {
    Revocations r = revocations(new RevocationList(100));
    TestHttp.await(feed.start());
    assertThat(feed.live()).isTrue();
    assertThat(TestHttp.await(r.refused(List.of(onlyInRedis)))).as("no Redis round trip").isFalse();
    String mine = "mine-" + UUID.randomUUID();
    TestHttp.await(r.revokeToken(mine, System.currentTimeMillis() + 60_000));
    assertThat(TestHttp.await(r.refused(List.of(Revocations.tokenKey(mine))))).isTrue();
  }

  @Test
  void aListThatDroppedLiveEntriesForRoomAsksRedisAsWellEvenWhileLive() {
    RevocationList list = new RevocationList(1);
    Revocations r = revocations(list);
    TestHttp.await(feed.start());
    long now = System.currentTimeMillis();
    list.add("a", now + 60_000, now);
    list.add("b", now + 120_000, now); // drops a
    assertThat(list.complete(System.currentTimeMillis())).isFalse();
    assertThat(TestHttp.await(r.refused(List.of(onlyInRedis)))).isTrue();
  }
}
