package com.interview.proxy.route;

import java.util.List;

/**
 * One entry of {@code proxy.routes}: the longest matching prefix wins.
 *
 * @param prefix    path prefix, starting with {@code /}
 * @param limit     rate-limit zone name, or null for none
 * @param maxBody   largest request body in bytes
 * @param accept    allowed request content types (without parameters); empty = any
 * @param staticDir directory served for this prefix, or null to forward upstream
 */
public record RouteConfig(String prefix, String limit, long maxBody, List<String> accept, String staticDir) {
  public RouteConfig {
    accept = List.copyOf(accept);
  }

  /** Whether this route serves files instead of forwarding. */
  public boolean isStatic() {
    return staticDir != null;
  }
}
