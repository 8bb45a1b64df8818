package com.interview.proxy.route;

/**
 * A route of the running proxy: its configuration plus what was derived from it at start.
 *
 * @param config the configured route
 * @param kind   what answers requests on this route
 */
public record Route(RouteConfig config, Kind kind) {

  /** What answers a route's requests. */
  public enum Kind {
    /** Forwarded to the API through the transport. */
    UPSTREAM,
    /** Files from a directory. */
    STATIC,
    /** Answered by the proxy itself (/health). */
    BUILT_IN
  }

  public String prefix() {
    return config.prefix();
  }

  /** The metrics label of this route: its prefix, a bounded set. */
  public String label() {
    return config.prefix();
  }
}
