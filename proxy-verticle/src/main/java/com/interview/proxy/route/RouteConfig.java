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
 * @param websocket whether a WebSocket upgrade is tunnelled to the upstream on this route (http transport); off,
 *                  the upgrade is stripped and the request forwarded as a plain GET
 */
public record RouteConfig(String prefix, String limit, long maxBody, List<String> accept, String staticDir,
                          Timeouts timeouts, RetryPolicy retry, boolean websocket) {
  public RouteConfig {
    accept = List.copyOf(accept);
  }

  /** A route without WebSocket. */
  public RouteConfig(String prefix, String limit, long maxBody, List<String> accept, String staticDir,
                     Timeouts timeouts, RetryPolicy retry) {
    this(prefix, limit, maxBody, accept, staticDir, timeouts, retry, false);
  }

  /** A route that inherits the proxy-wide timeouts and retry policy, without WebSocket. */
  public RouteConfig(String prefix, String limit, long maxBody, List<String> accept, String staticDir) {
    this(prefix, limit, maxBody, accept, staticDir, null, null, false);
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
