package com.interview.proxy.headers;

import io.vertx.core.MultiMap;

import java.util.ArrayList;
import java.util.List;

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1): they describe one connection and must not be forwarded. Besides the fixed
 * set, every header named in {@code Connection} is hop-by-hop too. On requests, the strict decoder already removed
 * what the client's {@code Connection} named before any filter added the proxy's own headers, and left only its
 * {@code close}/{@code keep-alive}/{@code upgrade} options, so a client cannot have the proxy's headers dropped here.
 */
public final class HopByHop {

  private static final String[] FIXED = {"connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade",
    "http2-settings"};

  private HopByHop() {
  }

  /** Whether {@code name} (any case) is always hop-by-hop: the fixed set and every {@code Proxy-*} header. */
  public static boolean isFixed(String name) {
    int n = name.length();
    if (n < 2 || n > 17) {
      return n > 17 && name.regionMatches(true, 0, "proxy-", 0, 6);
    }
    for (String fixed : FIXED) { // no lower-casing copy: this runs for every header of every request and response
      if (fixed.length() == n && fixed.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return n > 6 && name.regionMatches(true, 0, "proxy-", 0, 6);
  }

  /**
   * Copies the end-to-end headers of {@code from} into {@code to}: everything but pseudo-headers ({@code :status}),
   * the hop-by-hop set, the headers {@code Connection} names, {@code Host} (carried as the authority) and, when
   * {@code dropLength}, Content-Length (the writer sets it). A header the target refuses (an invalid name or
   * value from an upstream) is dropped, never passed on.
   */
  public static void copyEndToEnd(MultiMap from, MultiMap to, boolean dropLength) {
    List<String> named = null;
    for (String value : from.getAll("connection")) {
      for (String token : value.split(",")) {
        String t = token.trim();
        if (!t.isEmpty()) {
          if (named == null) {
            named = new ArrayList<>(2);
          }
          named.add(t);
        }
      }
    }
    for (java.util.Map.Entry<String, String> h : from) {
      String name = h.getKey();
      if (name.isEmpty() || name.charAt(0) == ':' || isFixed(name) || name.equalsIgnoreCase("host")
        || (dropLength && name.equalsIgnoreCase("content-length"))
        || (named != null && containsIgnoreCase(named, name))) {
        continue;
      }
      try {
        to.add(name, h.getValue());
      } catch (IllegalArgumentException invalid) {
        // not a valid HTTP header: it must not reach the other side
      }
    }
  }

  private static boolean containsIgnoreCase(List<String> names, String name) {
    for (String n : names) {
      if (n.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
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
