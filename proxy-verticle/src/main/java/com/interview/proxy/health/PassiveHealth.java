package com.interview.proxy.health;

/**
 * nginx {@code max_fails} / {@code fail_timeout} for one server: {@code maxFails} failed attempts within
 * {@code failTimeout} make the server unavailable for {@code failTimeout}; a success forgets the failures.
 * {@code maxFails} 0 disables the accounting. Thread-safe (shared by every proxy instance of the JVM).
 */
public final class PassiveHealth {

  private final int maxFails;
  private final long failTimeoutMillis;
  private int fails;
  private long windowStart;
  private long downUntil;

  public PassiveHealth(int maxFails, long failTimeoutMillis) {
    this.maxFails = maxFails;
    this.failTimeoutMillis = failTimeoutMillis;
  }

  /** Whether the server may be chosen at {@code now} (ms). */
  public synchronized boolean available(long now) {
    return now >= downUntil;
  }

  /** Records a failed attempt; returns true when this failure made the server unavailable. */
  public synchronized boolean failed(long now) {
    if (maxFails == 0) {
      return false;
    }
    if (fails == 0 || now - windowStart > failTimeoutMillis) {
      fails = 0;
      windowStart = now;
    }
    fails++;
    if (fails >= maxFails && now >= downUntil) {
      downUntil = now + failTimeoutMillis;
      fails = 0;
      return true;
    }
    return false;
  }

  public synchronized void succeeded() {
    fails = 0;
  }

  /** Milliseconds until the server is available again, 0 when it is. */
  public synchronized long unavailableFor(long now) {
    return Math.max(0, downUntil - now);
  }
}
