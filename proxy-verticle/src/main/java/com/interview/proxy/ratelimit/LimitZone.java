package com.interview.proxy.ratelimit;

/**
 * A rate-limit zone: nginx {@code limit_req_zone} + {@code limit_req}, keyed by client address.
 *
 * @param name    the zone's name, referenced by routes
 * @param rate    the sustained rate
 * @param burst   requests allowed above the rate (the bucket's extra depth)
 * @param nodelay true: burst requests are answered at once; false: they are delayed to the rate
 * @param scope   where the zone's state lives
 */
public record LimitZone(String name, Rate rate, int burst, boolean nodelay, Scope scope) {

  /** Where a zone's state lives. */
  public enum Scope {
    /** Shared by every proxy verticle instance of this JVM (an nginx zone shared by workers). */
    LOCAL,
    /** Shared by every proxy of the cluster through Redis; falls back to LOCAL while Redis is unreachable. */
    CLUSTER
  }
}
