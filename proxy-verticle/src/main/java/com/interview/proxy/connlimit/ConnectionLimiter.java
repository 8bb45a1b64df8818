package com.interview.proxy.connlimit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open client connections, per address and in all, counted across every proxy instance of the JVM. A limit of
 * 0 means none. Counting is by TCP connection (nginx's {@code limit_conn} counts connections with a request in
 * progress): an idle keep-alive connection holds its place until it closes (after {@code keepAliveTimeout}).
 */
public final class ConnectionLimiter {

  /** Which limit a connection exceeded. */
  public enum Verdict {
    ADMITTED, PER_IP, MAX
  }

  private final ConnectionLimits limits;
  private final ConcurrentHashMap<String, AtomicInteger> perIp = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();

  public ConnectionLimiter(ConnectionLimits limits) {
    this.limits = limits;
  }

  public ConnectionLimits limits() {
    return limits;
  }

  /** Counts a new connection from {@code address} when the limits allow it; a refused one is not counted. */
  public Verdict admit(String address) {
    if (limits.max() > 0 && total.incrementAndGet() > limits.max()) {
      total.decrementAndGet();
      return Verdict.MAX;
    } else if (limits.max() == 0) {
      total.incrementAndGet();
    }
    if (limits.perIp() > 0) {
      boolean[] over = {false};
      perIp.compute(address, (a, n) -> { // atomic with release(): a count never leaves the map while in use
        AtomicInteger count = n == null ? new AtomicInteger() : n;
        if (count.get() >= limits.perIp()) {
          over[0] = true;
        } else {
          count.incrementAndGet();
        }
        return count;
      });
      if (over[0]) {
        total.decrementAndGet();
        return Verdict.PER_IP;
      }
    }
    return Verdict.ADMITTED;
  }

  /** Releases an admitted connection. */
  public void release(String address) {
    total.decrementAndGet();
    if (limits.perIp() > 0) {
      perIp.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
    }
  }

  /** Open admitted connections. */
  public int active() {
    return total.get();
  }

  /** Open admitted connections from {@code address}. */
  public int active(String address) {
    AtomicInteger n = perIp.get(address);
    return n == null ? 0 : n.get();
  }
}
