package com.interview.proxy.health;

/**
 * nginx {@code max_fails} / {@code fail_timeout} for one server, with nginx's arithmetic
 * ({@code ngx_http_upstream_round_robin.c}): every failed attempt counts; {@code maxFails} of them, each within
 * {@code failTimeout} of the one before, make the server unavailable for {@code failTimeout} — successes in between
 * do not forget them (a server failing every third request is ejected at its third failure). Failures are forgotten
 * only by a success of a request sent after a quiet {@code failTimeout}: the first request to a server whose
 * {@code failTimeout} passed since its last failure is its probe, and its success resets the count, its failure
 * ejects the server again at once. Only the upstream's own faults may be counted here — never a client's.
 * {@code maxFails} 0 disables the accounting. Thread-safe (shared by every proxy instance of the JVM).
 */
public final class PassiveHealth {

  private final int maxFails;
  private final long failTimeoutMillis;
  private int fails;
  /** When the last failure happened (nginx {@code accessed}). */
  private long failedAt = NEVER;
  /** When the last failure happened or the server was chosen after a quiet {@code failTimeout} (nginx {@code checked}). */
  private long checkedAt = NEVER;
  private static final long NEVER = Long.MIN_VALUE / 4;

  public PassiveHealth(int maxFails, long failTimeoutMillis) {
    this.maxFails = maxFails;
    this.failTimeoutMillis = failTimeoutMillis;
  }

  /** Whether the server may be chosen at {@code now} (ms). */
  public synchronized boolean available(long now) {
    return maxFails == 0 || fails < maxFails || now - checkedAt > failTimeoutMillis;
  }

  /** The server was chosen for an attempt at {@code now}: after a quiet {@code failTimeout}, this attempt is a probe. */
  public synchronized void chosen(long now) {
    if (now - checkedAt > failTimeoutMillis) {
      checkedAt = now;
    }
  }

  /** Records a failed attempt; returns true when this failure made the server unavailable. */
  public synchronized boolean failed(long now) {
    if (maxFails == 0) {
      return false;
    }
    boolean wasAvailable = available(now);
    fails++;
    failedAt = now;
    checkedAt = now;
    return wasAvailable && fails >= maxFails;
  }

  /** Records a successful attempt: forgets the failures if it was sent after a quiet {@code failTimeout}. */
  public synchronized void succeeded() {
    if (failedAt < checkedAt) {
      fails = 0;
    }
  }

  /** Failures counted now. */
  public synchronized int fails() {
    return fails;
  }

  /** Milliseconds until the server is available again, 0 when it is. */
  public synchronized long unavailableFor(long now) {
    return available(now) ? 0 : Math.max(0, checkedAt + failTimeoutMillis + 1 - now);
  }
}
