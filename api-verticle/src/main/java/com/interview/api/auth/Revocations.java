package com.interview.api.auth;

import com.interview.api.common.Redisx;
import io.vertx.core.Future;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;
import io.vertx.redis.client.RedisAPI;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Revoked access tokens (logout) and sessions (logout, refresh-token reuse): the one home of where they are written
 * and how a request is checked against them.
 * <p>
 * A revocation goes into this node's {@link RevocationList} at once, then — in parallel — into Redis as its own key
 * ({@code auth:deny:<jti>} for the token's remaining life, {@code auth:revoked:<family>} for the refresh-token
 * lifetime), into the index {@link RevocationFeed#INDEX} and onto {@link RevocationFeed#CHANNEL}; it fails when
 * Redis does not take it.
 * <p>
 * A request is refused when the list holds its token or session. While the {@linkplain RevocationFeed#live feed} is
 * live (and the list {@linkplain RevocationList#complete complete}) that is the whole check: no Redis round trip.
 * Otherwise Redis is asked as well ({@code EXISTS}, bounded); when Redis does not answer either, the list is the
 * authority: what this node knew was revoked stays refused, and the outage is logged once.
 */
public final class Revocations {

  /** Beyond an access token's {@code exp}: the JWT leeway (5 s) and clock skew between nodes. */
  static final long MARGIN_MS = 10_000;

  private static final Logger log = LoggerFactory.getLogger(Revocations.class);
  private static final Future<Boolean> REFUSED = Future.succeededFuture(true);
  private static final Future<Boolean> ACCEPTED = Future.succeededFuture(false);

  private final RedisAPI redis;
  private final RevocationList list;
  private final RevocationFeed feed;
  private final long accessMillis;
  private final AtomicBoolean blind = new AtomicBoolean();

  /** @param accessTtl access-token lifetime: how long after a session's revocation its tokens may still arrive */
  public Revocations(RedisAPI redis, RevocationList list, RevocationFeed feed, Duration accessTtl) {
    this.redis = redis;
    this.list = list;
    this.feed = feed;
    this.accessMillis = accessTtl.toMillis();
  }

  /** Whether any of {@code keys} ({@link #tokenKey}, {@link #sessionKey}) is revoked. Never fails. */
  public Future<Boolean> refused(List<String> keys) {
    long now = System.currentTimeMillis();
    for (int i = 0; i < keys.size(); i++) {
      if (list.refuses(keys.get(i), now)) {
        return REFUSED;
      }
    }
    if (feed.live() && list.complete(now)) {
      return ACCEPTED;
    }
    return Redisx.bounded(redis.exists(keys)).transform(ar -> {
      if (ar.failed()) {
        if (blind.compareAndSet(false, true)) {
          log.warn("Redis and the revocation feed are down: access tokens are checked against the " + list.size()
            + " revocations this node knows (" + ar.cause().getMessage() + ")");
        }
        return ACCEPTED;
      }
      blind.set(false);
      return ar.result().toInteger() > 0 ? REFUSED : ACCEPTED;
    });
  }

  /** Refuses the access token {@code jti} until it expires at {@code expiresAtMillis}. */
  public Future<Void> revokeToken(String jti, long expiresAtMillis) {
    long until = expiresAtMillis + MARGIN_MS;
    return revoke(tokenKey(jti), until - System.currentTimeMillis(), until);
  }

  /**
   * Revokes session {@code family}: Redis refuses its refresh tokens for {@code refreshTtl}; its access tokens (the
   * newest issued just now) are refused for an access-token lifetime.
   */
  public Future<Void> revokeSession(String family, Duration refreshTtl) {
    return revoke(sessionKey(family), refreshTtl.toMillis(), System.currentTimeMillis() + accessMillis + MARGIN_MS);
  }

  private Future<Void> revoke(String key, long keyTtlMillis, long untilMillis) {
    long now = System.currentTimeMillis();
    list.add(key, untilMillis, now);
    String until = Long.toString(untilMillis);
    Future<?> stored = Redisx.bounded(redis.set(List.of(key, until, "PX", Long.toString(Math.max(1000, keyTtlMillis)))));
    Future<?> indexed = Redisx.bounded(redis.zadd(List.of(RevocationFeed.INDEX, until, key)));
    Future<?> published = Redisx.bounded(redis.publish(RevocationFeed.CHANNEL, until + " " + key));
    // the index keeps only what is in force; a failure here costs nothing but room
    Future<?> pruned = Redisx.bounded(redis.zremrangebyscore(RevocationFeed.INDEX, "-inf", Long.toString(now))).otherwiseEmpty();
    return Future.all(stored, indexed, published, pruned).mapEmpty();
  }

  public RevocationList list() {
    return list;
  }

  public RevocationFeed feed() {
    return feed;
  }

  static String tokenKey(String jti) {
    return "auth:deny:" + jti;
  }

  static String sessionKey(String family) {
    return "auth:revoked:" + family;
  }
}
