package com.interview.api.db;

import com.interview.api.common.Redisx;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.RedisAPI;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Read-through cache of hot reads in Redis (a user's profile, question-bank pages), invalidated explicitly on
 * writes. Redis only ever saves work: when it is slow or down the value comes from PostgreSQL and nothing fails.
 * Keys that many writes invalidate at once (every page of the bank) carry a generation number: bumping it makes
 * all older entries unreachable, and their TTL removes them.
 */
public final class Cache {

  private final RedisAPI redis;

  public Cache(RedisAPI redis) {
    this.redis = redis;
  }

  /** The cached value of {@code key}, else {@code load}'s, stored for {@code ttl} (a null load is not stored). */
  public Future<Buffer> get(String key, Duration ttl, Supplier<Future<Buffer>> load) {
    return Redisx.bounded(redis.get(key))
      .transform(ar -> {
        if (ar.succeeded() && ar.result() != null) {
          return Future.succeededFuture(ar.result().toBuffer());
        }
        return load.get().onSuccess(value -> {
          if (value != null) {
            Redisx.bounded(redis.set(List.of(key, value.toString(), "PX", Long.toString(ttl.toMillis()))));
          }
        });
      });
  }

  /** Drops {@code key}; never fails. */
  public Future<Void> invalidate(String key) {
    return Redisx.bounded(redis.del(List.of(key))).<Void>mapEmpty().recover(e -> Future.succeededFuture());
  }

  /** The current generation of {@code name} (0 when unknown or Redis is down). */
  public Future<Long> generation(String name) {
    return Redisx.bounded(redis.get("cache:gen:" + name))
      .map(r -> r == null ? 0L : r.toLong())
      .recover(e -> Future.succeededFuture(-1L)); // -1: do not cache while Redis is away
  }

  /** Makes every entry of generation {@code name} stale; never fails. */
  public Future<Void> bump(String name) {
    return Redisx.bounded(redis.incr("cache:gen:" + name)).<Void>mapEmpty().recover(e -> Future.succeededFuture());
  }
}
