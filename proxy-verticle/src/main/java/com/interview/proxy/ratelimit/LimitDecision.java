package com.interview.proxy.ratelimit;

/**
 * What a limiter decided for one request.
 *
 * @param kind         pass now, pass after a delay, or reject
 * @param delayMillis  for {@link Kind#DELAY}: how long to hold the request
 * @param retryAfterMillis for {@link Kind#REJECT}: when a request would pass again
 * @param remaining    requests that would pass right now after this one (for RateLimit headers)
 * @param resetMillis  until the bucket is empty again
 */
public record LimitDecision(Kind kind, long delayMillis, long retryAfterMillis, long remaining, long resetMillis) {

  /** The common answer, shared: no allocation when a request simply passes. */
  public static final LimitDecision ALLOW = new LimitDecision(Kind.ALLOW, 0, 0, -1, 0);

  /** The three outcomes of nginx {@code limit_req}. */
  public enum Kind {
    ALLOW, DELAY, REJECT
  }

  public boolean rejected() {
    return kind == Kind.REJECT;
  }
}
