package com.interview.proxy.route;

import com.interview.proxy.config.Timeouts;
import com.interview.proxy.transport.RetryPolicy;

import java.util.List;

/**
 * One entry of {@code proxy.routes}: the longest matching prefix wins.
 *
 * @param prefix    path prefix, starting with {@code /}
 * @param limit     rate-limit zone name, or null for none
 * @param maxBody   largest request body in bytes
 * @param accept    allowed request content types (without parameters); empty = any
 * @param staticDir directory served for this prefix, or null to forward upstream
 * @param timeouts  this route's timeouts ({@code proxy.timeouts} with the route's overrides), or null for the defaults
 * @param retry     this route's retry policy ({@code proxy.upstream.retry} with the route's overrides), or null
 */
public record RouteConfig(String prefix, String limit, long maxBody, List<String> accept, String staticDir,
                          Timeouts timeouts, RetryPolicy retry) {
  public RouteConfig {
    accept = List.copyOf(accept);
  }

  /** A route that inherits the proxy-wide timeouts and retry policy. */
  public RouteConfig(String prefix, String limit, long maxBody, List<String> accept, String staticDir) {
    this(prefix, limit, maxBody, accept, staticDir, null, null);
  }

  /** Whether this route serves files instead of forwarding. */
  public boolean isStatic() {
    return staticDir != null;
  }

  /** This route's timeouts, or {@code defaults} when it sets none. */
  public Timeouts timeoutsOr(Timeouts defaults) {
    return timeouts == null ? defaults : timeouts;
  }

  /** This route's retry policy, or {@code defaults} when it sets none. */
  public RetryPolicy retryOr(RetryPolicy defaults) {
    return retry == null ? defaults : retry;
  }
}
