package com.interview.proxy.ratelimit;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * nginx {@code limit_req} for one zone, to the millisecond and the milli-request: a leaky bucket per key (the
 * GCRA in nginx's integer arithmetic). Per key it keeps {@code excess} (milli-requests above the rate) and
 * {@code last} (ms). A request computes {@code excess - rate * elapsed / 1000 + 1000} (floored at 0); above
 * {@code burst * 1000} it is rejected and nothing changes, otherwise the excess is stored and the request passes —
 * at once with {@code nodelay}, else after {@code excess * 1000 / rate} ms. {@code rate} is in milli-requests per
 * second, truncated like nginx ({@code 5r/m} → 83), so the two agree request for request.
 *
 * <p>Shared by every proxy instance of the JVM, like an nginx zone shared by its workers: one lock per zone
 * (nginx's shmtx), an LRU of at most {@code maxKeys} entries; on each request the two least recently used entries
 * are dropped when they have been idle for a minute and their bucket has drained (nginx's rule, so a key that
 * comes back later is treated exactly as nginx would).
 */
public final class GcraLimiter {

  /** Entries idle for less than this are never expired (nginx: 60 s). */
  static final long IDLE_MILLIS = 60_000;

  private final LimitZone zone;
  private final long rate;
  private final long burst;
  private final LongSupplier clockMillis;
  private final LinkedHashMap<String, Bucket> buckets;

  private static final class Bucket {
    long excess;
    long last;
  }

  public GcraLimiter(LimitZone zone, int maxKeys) {
    this(zone, maxKeys, () -> System.nanoTime() / 1_000_000);
  }

  public GcraLimiter(LimitZone zone, int maxKeys, LongSupplier clockMillis) {
    this.zone = zone;
    this.rate = zone.rate().requests() * 1000 / zone.rate().perSeconds();
    this.burst = zone.burst() * 1000L;
    this.clockMillis = clockMillis;
    this.buckets = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
        return size() > maxKeys;
      }
    };
    if (rate <= 0) {
      throw new IllegalArgumentException("rate below 1 request per 1000 s: " + zone.rate());
    }
  }

  public LimitZone zone() {
    return zone;
  }

  /** Decides for one request of {@code key}, and accounts it when it passes. */
  public LimitDecision acquire(String key) {
    long now = clockMillis.getAsLong();
    long excess;
    synchronized (buckets) {
      expireTwo(now);
      Bucket b = buckets.get(key);
      if (b == null) {
        b = new Bucket();
        b.last = now;
        buckets.put(key, b);
        return LimitDecision.ALLOW; // a new key starts with an empty bucket
      }
      long ms = now - b.last;
      if (ms < -60000) {
        ms = 1;
      } else if (ms < 0) {
        ms = 0;
      }
      excess = b.excess - rate * ms / 1000 + 1000;
      if (excess < 0) {
        excess = 0;
      }
      if (excess > burst) {
        long retryAfter = Math.max(1, ((excess - burst) * 1000 + rate - 1) / rate);
        return new LimitDecision(LimitDecision.Kind.REJECT, 0, retryAfter, 0, b.excess * 1000 / rate);
      }
      b.excess = excess;
      if (ms != 0) {
        b.last = now;
      }
    }
    if (zone.nodelay() || excess == 0) {
      return LimitDecision.ALLOW;
    }
    return new LimitDecision(LimitDecision.Kind.DELAY, excess * 1000 / rate, 0, (burst - excess) / 1000, excess * 1000 / rate);
  }

  /** Keys currently remembered (for metrics and tests). */
  public int size() {
    synchronized (buckets) {
      return buckets.size();
    }
  }

  /** Drops up to two least recently used entries idle for a minute with a drained bucket (as nginx does). */
  private void expireTwo(long now) {
    Iterator<Bucket> it = buckets.values().iterator();
    for (int i = 0; i < 2 && it.hasNext(); i++) {
      Bucket b = it.next();
      long ms = Math.abs(now - b.last);
      if (ms < IDLE_MILLIS || b.excess - rate * ms / 1000 > 0) {
        return;
      }
      it.remove();
    }
  }
}
