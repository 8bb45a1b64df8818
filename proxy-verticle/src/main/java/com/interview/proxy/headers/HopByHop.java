package com.interview.proxy.headers;

import io.vertx.core.MultiMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1): they describe one connection and must not be forwarded. Besides the fixed
 * set, every header named in {@code Connection} is hop-by-hop too.
 */
public final class HopByHop {

  private static final Set<String> FIXED = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
    "transfer-encoding", "upgrade", "proxy-authenticate", "proxy-authorization");

  private HopByHop() {
  }

  /** Whether {@code name} (any case) is always hop-by-hop. */
  public static boolean isFixed(String name) {
    return FIXED.contains(name.toLowerCase(Locale.ROOT)) || name.regionMatches(true, 0, "proxy-", 0, 6);
  }

  /** Removes the hop-by-hop headers from {@code headers}; {@code keepUpgrade} keeps Upgrade/Connection for WebSocket. */
  public static void strip(MultiMap headers, boolean keepUpgrade) {
    List<String> named = new ArrayList<>();
    for (String value : headers.getAll("connection")) {
      for (String token : value.split(",")) {
        String t = token.trim();
        if (!t.isEmpty()) {
          named.add(t);
        }
      }
    }
    for (String n : named) {
      if (!(keepUpgrade && n.equalsIgnoreCase("upgrade"))) {
        headers.remove(n);
      }
    }
    List<String> drop = new ArrayList<>();
    for (String name : headers.names()) {
      if (isFixed(name) && !(keepUpgrade && (name.equalsIgnoreCase("upgrade") || name.equalsIgnoreCase("connection")))) {
        drop.add(name);
      }
    }
    for (String name : drop) {
      headers.remove(name);
    }
  }
}
