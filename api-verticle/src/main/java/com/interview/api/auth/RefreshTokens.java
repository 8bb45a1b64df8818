package com.interview.api.auth;

import com.interview.api.common.ApiProblem;
import com.interview.api.common.Redisx;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Refresh tokens: opaque random strings, stored in Redis only as their SHA-256 (a leaked Redis does not leak
 * sessions), living {@code refreshTtl}, each belonging to a family (one login). Every use rotates: the presented
 * token is marked used — atomically, {@code SET ... GET} — and a new one of the same family is issued. Presenting
 * a used token again means it was stolen or replayed: the whole family is revoked. Logout revokes the family.
 * Redis down → 503 {@code session_store_unavailable}: without it no session can be opened (register, login),
 * refreshed or revoked (logout).
 */
public final class RefreshTokens {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final RedisAPI redis;
  private final Revocations revocations;
  private final Duration ttl;

  public RefreshTokens(RedisAPI redis, Revocations revocations, Duration ttl) {
    this.redis = redis;
    this.revocations = revocations;
    this.ttl = ttl;
  }

  /** The outcome of a rotation. */
  public record Rotation(UUID userId, String family, String token) {
  }

  /** A new family for a login: its first token. */
  public Future<Rotation> open(UUID userId) {
    String family = Tokens.newId();
    return store(userId, family);
  }

  /** Exchanges {@code token} for a new one of its family; fails 401 (unknown, used, revoked) or 503 (no Redis). */
  public Future<Rotation> rotate(String token) {
    String key = tokenKey(token);
    // mark used and read what was there, in one step: two concurrent uses cannot both succeed
    return Redisx.bounded(redis.get(key))
      .recover(e -> Future.failedFuture(unavailable()))
      .compose(current -> {
        if (current == null) {
          return Future.failedFuture(Tokens.unauthorized("The refresh token is unknown or expired."));
        }
        JsonObject record = new JsonObject(current.toString());
        JsonObject used = record.copy().put("used", true);
        return Redisx.bounded(redis.set(List.of(key, used.encode(), "KEEPTTL", "GET")))
          .recover(e -> Future.failedFuture(unavailable()))
          .compose(previous -> checkAndRenew(previous, record));
      });
  }

  private Future<Rotation> checkAndRenew(Response previous, JsonObject record) {
    String family = record.getString("fam");
    UUID userId = UUID.fromString(record.getString("uid"));
    if (previous == null || new JsonObject(previous.toString()).getBoolean("used", false)) {
      // a rotated token came back: whoever holds the family is not to be trusted any more
      return revoke(family).transform(v -> Future.failedFuture(new ApiProblem(401, "refresh_token_reused",
        "This refresh token was already used; the session is revoked. Log in again.")));
    }
    return Redisx.bounded(redis.exists(List.of(Revocations.sessionKey(family))))
      .recover(e -> Future.failedFuture(unavailable()))
      .compose(revoked -> revoked.toInteger() > 0
        ? Future.failedFuture(Tokens.unauthorized("The session was logged out or revoked."))
        : store(userId, family));
  }

  /** Revokes every token of {@code family} (see {@link Revocations#revokeSession}). */
  public Future<Void> revoke(String family) {
    if (family == null) {
      return Future.succeededFuture();
    }
    return revocations.revokeSession(family, ttl);
  }

  /** The family of {@code token} when it belongs to {@code owner}; null when it is unknown or someone else's. */
  public Future<String> familyOf(String token, UUID owner) {
    return Redisx.bounded(redis.get(tokenKey(token))).map(r -> {
      JsonObject record = r == null ? null : new JsonObject(r.toString());
      return record != null && owner.toString().equals(record.getString("uid")) ? record.getString("fam") : null;
    });
  }

  private Future<Rotation> store(UUID userId, String family) {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    JsonObject record = new JsonObject().put("uid", userId.toString()).put("fam", family).put("used", false);
    return Redisx.bounded(redis.set(List.of(tokenKey(token), record.encode(), "PX", Long.toString(ttl.toMillis()))))
      .recover(e -> Future.failedFuture(unavailable()))
      .map(ok -> new Rotation(userId, family, token));
  }

  static ApiProblem unavailable() {
    return new ApiProblem(503, "session_store_unavailable",
      "Sessions cannot be opened, refreshed or ended right now (the session store is unreachable); retry shortly.");
  }

  private static String tokenKey(String token) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return "auth:rt:" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
