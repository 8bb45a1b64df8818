package com.interview.proxy.ratelimit;

import com.interview.proxy.metrics.ProxyMetrics;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A zone with {@code scope: cluster}: one bucket per key for all the proxies of the cluster, decided by an atomic
 * Lua script in Redis ({@code gcra.lua}: nginx's arithmetic, Redis's clock, {@code SET ... PX} expiry). While
 * Redis cannot answer within {@link #TIMEOUT_MS} the zone falls back to its local limiter — counted in
 * {@code proxy_ratelimit_fallback_total{zone}} and logged once per outage, not per request — and returns to Redis
 * as soon as it answers again.
 */
public final class ClusterLimiter {

  static final long TIMEOUT_MS = 100;
  static final long WARM_UP_MS = 3000;
  private static final Logger log = LoggerFactory.getLogger(ClusterLimiter.class);
  private static final String SCRIPT = script();
  private static final String SHA = sha1(SCRIPT);

  private final LimitZone zone;
  private final RedisAPI redis;
  private final GcraLimiter local;
  private final long rate;
  private final long burst;
  private final Counter fallbacks;
  private final AtomicBoolean outage = new AtomicBoolean();

  public ClusterLimiter(LimitZone zone, RedisAPI redis, GcraLimiter local, ProxyMetrics metrics) {
    this.zone = zone;
    this.redis = redis;
    this.local = local;
    this.rate = zone.rate().requests() * 1000 / zone.rate().perSeconds();
    this.burst = zone.burst() * 1000L;
    this.fallbacks = metrics.counterOf("proxy.ratelimit.fallback", "zone", zone.name());
  }

  public LimitZone zone() {
    return zone;
  }

  /**
   * Connects and loads the script, so that the first request does not pay for it (and, on a cold JVM, miss the
   * {@value #TIMEOUT_MS} ms budget). Never fails: without Redis the zone starts on its local limiter.
   */
  public Future<Void> warmUp() {
    return load().timeout(WARM_UP_MS, TimeUnit.MILLISECONDS).<Void>mapEmpty().recover(e -> {
      outage(e);
      return Future.succeededFuture();
    });
  }

  /** The decision for {@code key}, from Redis or, while it is away, from the local limiter. */
  public Future<LimitDecision> acquire(String key) {
    return eval("limit:" + zone.name() + ":" + key)
      .timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS)
      .map(this::decide)
      .otherwise(e -> {
        fallbacks.increment();
        outage(e);
        return local.acquire(key);
      });
  }

  private void outage(Throwable e) {
    if (outage.compareAndSet(false, true)) {
      log.warn("rate-limit zone " + zone.name() + ": Redis unavailable (" + e.getMessage()
        + "); limiting per proxy until it answers");
    }
  }

  /**
   * EVALSHA with the script's digest; a server without the script (a new master after a failover, another node
   * of a Redis Cluster than the one that loaded it) answers NOSCRIPT, and EVAL sends the script itself — which
   * also caches it on that server.
   */
  private Future<Response> eval(String key) {
    List<String> args = List.of(key, Long.toString(rate), Long.toString(burst));
    return redis.evalsha(prepend(SHA, args)).recover(e -> e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")
      ? redis.eval(prepend(SCRIPT, args)) : Future.failedFuture(e));
  }

  private Future<Void> load() {
    return redis.script(List.of("LOAD", SCRIPT)).mapEmpty();
  }

  private LimitDecision decide(Response r) {
    if (outage.compareAndSet(true, false)) {
      log.info("rate-limit zone " + zone.name() + ": Redis answers again; limits are cluster-wide again");
    }
    boolean rejected = r.get(0).toInteger() == 1;
    long excess = r.get(1).toLong();
    if (rejected) {
      long retryAfter = Math.max(1, ((excess - burst) * 1000 + rate - 1) / rate);
      return new LimitDecision(LimitDecision.Kind.REJECT, 0, retryAfter, 0, 0);
    }
    if (zone.nodelay() || excess == 0) {
      return LimitDecision.ALLOW;
    }
    return new LimitDecision(LimitDecision.Kind.DELAY, excess * 1000 / rate, 0, (burst - excess) / 1000, excess * 1000 / rate);
  }

  private static List<String> prepend(String script, List<String> args) {
    return List.of(script, "1", args.get(0), args.get(1), args.get(2));
  }

  private static String sha1(String script) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
        .digest(script.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String script() {
    try (InputStream in = ClusterLimiter.class.getResourceAsStream("gcra.lua")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
