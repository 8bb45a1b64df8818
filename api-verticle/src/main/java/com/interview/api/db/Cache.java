package com.interview.api.db;

import com.interview.api.common.Redisx;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.RedisAPI;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Read-through cache of hot reads in Redis (a user's profile, question-bank pages), invalidated explicitly on
 * writes. Redis only ever saves work: when it is slow or down the value comes from PostgreSQL and nothing fails.
 * Keys that many writes invalidate at once (every page of the bank) carry a generation number: bumping it makes
 * all older entries unreachable, and their TTL removes them.
 *
 * <p>An invalidation Redis does not take (it is down, unreachable or slow) is kept and sent again before this node
 * next reads the cache; until Redis has taken it, this node reads PostgreSQL and caches nothing. Redis may come back
 * holding what it held before (a persistent Redis, or one that was only out of reach), and an entry made stale
 * during the outage must not be served after it. Entries live at most {@link #MAX_TTL}, so a kept invalidation is
 * dropped once that long has passed since it failed: every entry it concerned has expired by then. Other nodes can
 * serve such an entry until this node has sent the invalidation again — at most {@code MAX_TTL}.
 */
public final class Cache {

  /** The longest an entry lives. */
  public static final Duration MAX_TTL = Duration.ofMinutes(5);
  private static final String GENERATION = "cache:gen:";
  private static final Future<Boolean> NOTHING_UNSENT = Future.succeededFuture(true);

  private final RedisAPI redis;
  /** Keys whose invalidation Redis did not take, with when it failed ({@link System#nanoTime()}). */
  private final Map<String, Long> unsent = new ConcurrentHashMap<>();

  public Cache(RedisAPI redis) {
    this.redis = redis;
  }

  /**
   * The cached value of {@code key}, else {@code load}'s, stored for {@code ttl} (a null load is not stored).
   *
   * @throws IllegalArgumentException when {@code ttl} exceeds {@link #MAX_TTL}
   */
  public Future<Buffer> get(String key, Duration ttl, Supplier<Future<Buffer>> load) {
    if (ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("ttl: " + ttl + " (expected: <= " + MAX_TTL + ")");
    }
    return invalidationsSent().compose(current -> !current ? load.get() : Redisx.bounded(redis.get(key))
      .transform(ar -> {
        if (ar.succeeded() && ar.result() != null) {
          return Future.succeededFuture(ar.result().toBuffer());
        }
        return load.get().onSuccess(value -> {
          if (value != null) {
            Redisx.bounded(redis.set(List.of(key, value.toString(), "PX", Long.toString(ttl.toMillis()))));
          }
        });
      }));
  }

  /** Drops {@code key}; never fails. */
  public Future<Void> invalidate(String key) {
    return send(key);
  }

  /** The current generation of {@code name} (0 when unknown; -1 when Redis is away: do not cache). */
  public Future<Long> generation(String name) {
    return invalidationsSent().compose(current -> !current ? Future.succeededFuture(-1L)
      : Redisx.bounded(redis.get(GENERATION + name))
        .map(r -> r == null ? 0L : r.toLong())
        .recover(e -> Future.succeededFuture(-1L)));
  }

  /** Makes every entry of generation {@code name} stale; never fails. */
  public Future<Void> bump(String name) {
    return send(GENERATION + name);
  }

  /** Invalidates {@code key} (a generation is bumped, anything else deleted), or keeps it for later. */
  private Future<Void> send(String key) {
    Future<?> sent = key.startsWith(GENERATION) ? redis.incr(key) : redis.del(List.of(key));
    return Redisx.bounded(sent).<Void>mapEmpty().recover(e -> {
      unsent.put(key, System.nanoTime());
      return Future.succeededFuture();
    });
  }

  /** Whether no invalidation is kept — after sending the kept ones again, should Redis take them now. */
  private Future<Boolean> invalidationsSent() {
    if (unsent.isEmpty()) {
      return NOTHING_UNSENT;
    }
    long now = System.nanoTime();
    unsent.values().removeIf(failedAt -> now - failedAt > MAX_TTL.toNanos()); // what they concerned has expired
    Map<String, Long> sending = Map.copyOf(unsent);
    List<String> deletes = new ArrayList<>();
    List<Future<?>> sent = new ArrayList<>();
    sending.keySet().forEach(key -> {
      if (key.startsWith(GENERATION)) {
        sent.add(Redisx.bounded(redis.incr(key)));
      } else {
        deletes.add(key);
      }
    });
    if (!deletes.isEmpty()) {
      sent.add(Redisx.bounded(redis.del(deletes)));
    }
    return Future.all(sent)
      .map(taken -> {
        sending.forEach(unsent::remove); // (key, when): one that failed again meanwhile stays
        return true;
      })
      .otherwise(false);
  }
}
