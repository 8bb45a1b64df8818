package com.interview.proxy.transport;

import java.time.Duration;
import java.util.Set;

/**
 * When a failed attempt is repeated on another server (nginx {@code proxy_next_upstream}).
 * Never once a byte of the response has reached the client.
 *
 * @param on            conditions that allow another attempt (`conditions` in the YAML: `on` is a boolean to YAML)
 * @param tries         attempts in all, never more than there are servers; 0 = one per server
 * @param timeout       no new attempt after this long since the first; zero = unbounded
 * @param nonIdempotent also repeat POST, PATCH and LOCK
 */
public record RetryPolicy(Set<Condition> on, int tries, Duration timeout, boolean nonIdempotent) {
  public RetryPolicy {
    on = Set.copyOf(on);
  }

  /** The failures an attempt can end with. */
  public enum Condition {
    ERROR, TIMEOUT, HTTP_500, HTTP_502, HTTP_503, HTTP_504, HTTP_429
  }
}
