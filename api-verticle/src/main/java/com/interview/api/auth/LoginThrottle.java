package com.interview.api.auth;

import com.interview.api.common.Redisx;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Failed logins per account, in Redis: after {@link #MAX_FAILURES} failures within {@link #WINDOW} the account
 * answers 429 until the window ends — whatever addresses the attempts come from (the proxy's per-address limit
 * is a different defence). Without Redis the throttle steps aside rather than lock everybody out.
 */
public final class LoginThrottle {

  public static final int MAX_FAILURES = 10;
  public static final Duration WINDOW = Duration.ofMinutes(15);

  private final RedisAPI redis;

  public LoginThrottle(RedisAPI redis) {
    this.redis = redis;
  }

  /** Milliseconds the account stays locked, 0 when it may try. */
  public Future<Long> lockedFor(String email) {
    String key = key(email);
    return Redisx.bounded(redis.get(key)).compose(count -> {
      if (count == null || count.toInteger() < MAX_FAILURES) {
        return Future.succeededFuture(0L);
      }
      return Redisx.bounded(redis.pttl(key)).map(ttl -> Math.max(1000L, ttl.toLong()));
    }).recover(e -> Future.succeededFuture(0L));
  }

  /** Counts a failure (the window starts with the first). */
  public Future<Void> failed(String email) {
    String key = key(email);
    return Redisx.bounded(redis.incr(key)).compose(n -> n.toInteger() == 1
        ? Redisx.bounded(redis.pexpire(List.of(key, Long.toString(WINDOW.toMillis())))).mapEmpty()
        : Future.<Void>succeededFuture())
      .recover(e -> Future.succeededFuture());
  }

  /** Forgets the failures after a successful login. */
  public Future<Void> succeeded(String email) {
    return Redisx.bounded(redis.del(List.of(key(email)))).<Void>mapEmpty().recover(e -> Future.succeededFuture());
  }

  private static String key(String email) {
    return "auth:fail:" + email.trim().toLowerCase(Locale.ROOT);
  }
}
