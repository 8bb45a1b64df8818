package com.interview.api.auth;

import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This JVM's copy of the revocations (logged-out access tokens, revoked sessions): revoked key → the epoch
 * millisecond until which it is refused. One per {@code ApiRuntime}, read by every API verticle instance without
 * locking. An entry is refused until its time and forgotten after it ({@link #sweep}).
 * <p>
 * Bounded: past {@code capacity} entries the expired ones go first, then those that expire soonest (the shortest
 * exposure), down to 90 % of the capacity; each one dropped is counted ({@link #evicted()}) and the first drop of
 * an episode is logged. Until the last dropped entry would have expired the copy is {@linkplain #complete not
 * complete}: callers must ask Redis as well.
 */
public final class RevocationList {

  /** Default of {@code api.jwt.revocationCapacity}. */
  public static final int DEFAULT_CAPACITY = 100_000;

  private static final Logger log = LoggerFactory.getLogger(RevocationList.class);

  private final int capacity;
  private final Map<String, Long> until = new ConcurrentHashMap<>();
  private final AtomicLong evicted = new AtomicLong();
  private volatile long incompleteUntil;

  public RevocationList(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 1)");
    }
    this.capacity = capacity;
  }

  /** Refuses {@code key} until {@code untilMillis} (the later time wins when it is already there). */
  public void add(String key, long untilMillis, long nowMillis) {
    if (untilMillis <= nowMillis) {
      return;
    }
    until.merge(key, untilMillis, Math::max);
    if (until.size() > capacity) {
      shrink(nowMillis);
    }
  }

  /** Whether {@code key} is refused at {@code nowMillis}. */
  public boolean refuses(String key, long nowMillis) {
    Long u = until.get(key);
    return u != null && u > nowMillis;
  }

  /** False while an entry dropped for room could still be live: then this copy alone cannot say "not revoked". */
  public boolean complete(long nowMillis) {
    return nowMillis >= incompleteUntil;
  }

  /** Forgets what expired; returns how many entries remain. */
  public int sweep(long nowMillis) {
    until.values().removeIf(u -> u <= nowMillis);
    return until.size();
  }

  public int size() {
    return until.size();
  }

  public int capacity() {
    return capacity;
  }

  /** Live entries dropped for room since start. */
  public long evicted() {
    return evicted.get();
  }

  private synchronized void shrink(long nowMillis) {
    if (until.size() <= capacity) {
      return; // another thread made room
    }
    sweep(nowMillis);
    int target = capacity - capacity / 10;
    if (until.size() <= capacity) {
      return;
    }
    List<Map.Entry<String, Long>> soonest = new ArrayList<>(until.entrySet());
    soonest.sort(Map.Entry.comparingByValue());
    int drop = soonest.size() - target;
    long last = incompleteUntil;
    for (int i = 0; i < drop; i++) {
      Map.Entry<String, Long> e = soonest.get(i);
      if (until.remove(e.getKey(), e.getValue())) {
        last = Math.max(last, e.getValue());
      }
    }
    if (complete(nowMillis)) {
      log.warn("revocation list full (" + capacity + " entries, api.jwt.revocationCapacity): dropped the " + drop
        + " expiring soonest; until they expire every request also asks Redis");
    }
    evicted.addAndGet(drop);
    incompleteUntil = last;
  }
}
