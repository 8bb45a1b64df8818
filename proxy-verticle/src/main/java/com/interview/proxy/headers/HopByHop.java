package com.interview.proxy.headers;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;

import java.util.ArrayList;
import java.util.Iterator;
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
  public static boolean isFixed(CharSequence name) {
    int n = name.length();
    if (n < 2 || n > 17) {
      return n > 17 && AsciiString.regionMatches(name, true, 0, "proxy-", 0, 6);
    }
    for (String fixed : FIXED) { // no lower-casing copy: this runs for every header of every request and response
      if (fixed.length() == n && AsciiString.contentEqualsIgnoreCase(fixed, name)) {
        return true;
      }
    }
    return n > 6 && AsciiString.regionMatches(name, true, 0, "proxy-", 0, 6);
  }

  /**
   * The header names the {@code Connection} header of {@code headers} lists, which are hop-by-hop too, or null when
   * it lists none beyond the fixed set (as {@code keep-alive}, the common case: no list is made).
   */
  public static List<String> connectionNamed(MultiMap headers) {
    if (!headers.contains(HttpHeaderNames.CONNECTION)) {
      return null;
    }
    List<String> named = null;
    for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
      int i = 0;
      int n = value.length();
      while (i < n) {
        int comma = value.indexOf(',', i);
        int end = comma < 0 ? n : comma;
        int a = i;
        int b = end;
        while (a < b && (value.charAt(a) == ' ' || value.charAt(a) == '\t')) {
          a++;
        }
        while (b > a && (value.charAt(b - 1) == ' ' || value.charAt(b - 1) == '\t')) {
          b--;
        }
        if (b > a) {
          String token = value.substring(a, b);
          if (!isFixed(token)) { // the fixed set goes anyway
            if (named == null) {
              named = new ArrayList<>(2);
            }
            named.add(token);
          }
        }
        i = end + 1;
      }
    }
    return named;
  }

  /**
   * Whether the header {@code name} goes end to end, in a head whose {@code Connection} listed {@code named}
   * ({@link #connectionNamed}): not a pseudo-header ({@code :status}), not hop-by-hop, not one that {@code Connection}
   * names and not {@code Host} (carried as the authority).
   */
  public static boolean isEndToEnd(CharSequence name, List<String> named) {
    int n = name.length();
    if (n == 0 || name.charAt(0) == ':' || isFixed(name)
      || (n == 4 && AsciiString.contentEqualsIgnoreCase(HttpHeaderNames.HOST, name))) {
      return false;
    }
    if (named != null) {
      for (String t : named) {
        if (AsciiString.contentEqualsIgnoreCase(t, name)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Copies the end-to-end headers of {@code from} ({@link #isEndToEnd}) into {@code to}, but Content-Length when
   * {@code dropLength} (the writer sets it). A header the target refuses (an invalid name or value from an
   * upstream) is dropped, never passed on.
   */
  public static void copyEndToEnd(MultiMap from, MultiMap to, boolean dropLength) {
    List<String> named = connectionNamed(from);
    for (java.util.Map.Entry<String, String> h : from) {
      String name = h.getKey();
      if (!isEndToEnd(name, named) || (dropLength && name.equalsIgnoreCase("content-length"))) {
        continue;
      }
      try {
        to.add(name, h.getValue());
      } catch (IllegalArgumentException invalid) {
        // not a valid HTTP header: it must not reach the other side
      }
    }
  }

  /**
   * Leaves in {@code headers} only what {@link #copyEndToEnd} would copy out of it: the same rule, applied in
   * place, for a head that is passed on as it was decoded (the lean path's answers). No list is made unless a
   * header to drop is found beyond the fixed set.
   */
  public static void keepEndToEnd(MultiMap headers) {
    List<String> named = connectionNamed(headers);
    for (String fixed : FIXED) {
      headers.remove(fixed);
    }
    headers.remove(HttpHeaderNames.HOST);
    if (named != null) {
      for (String t : named) {
        headers.remove(t);
      }
    }
    List<CharSequence> drop = null;
    Iterator<? extends java.util.Map.Entry<? extends CharSequence, ?>> it = headers instanceof HttpHeaders h
      ? h.iteratorCharSequence() : headers.iterator();
    while (it.hasNext()) {
      CharSequence name = it.next().getKey();
      if (!isEndToEnd(name, null)) { // Proxy-*, pseudo-headers, empty names
        if (drop == null) {
          drop = new ArrayList<>(2);
        }
        drop.add(name);
      }
    }
    if (drop != null) {
      for (CharSequence name : drop) {
        headers.remove(name.toString());
      }
    }
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
