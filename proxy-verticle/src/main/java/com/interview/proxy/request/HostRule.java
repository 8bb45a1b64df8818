package com.interview.proxy.request;

import java.util.List;

/**
 * RFC 9112 §3.2: a server MUST answer 400 to an HTTP/1.1 request without {@code Host}, with more than one, or
 * with an invalid one. Valid here is {@code host [":" port]} where host is a DNS name or IPv4 address (letters,
 * digits, {@code - . _ ~}, at most 255) or a bracketed IPv6 literal, and port 1–65535: no userinfo
 * ({@code u@a}), no whitespace, no list, no empty value. HTTP/1.0 may leave Host out, never send two. An
 * absolute-form target's authority must be the Host (RFC 9112 §3.2.2 says the target wins; the edge refuses the
 * disagreement instead of choosing). HTTP/2's {@code :authority} passes the same check.
 */
public final class HostRule {

  private HostRule() {
  }

  /**
   * Checks the Host lines of a request.
   *
   * @param hosts           every Host field value received
   * @param required        whether the request must carry one (HTTP/1.1)
   * @param targetAuthority the authority of an absolute-form target, or null
   */
  public static void check(List<String> hosts, boolean required, String targetAuthority) {
    if (hosts.size() > 1) {
      throw refused("more than one Host header");
    }
    if (hosts.isEmpty()) {
      if (required) {
        throw refused("no Host header");
      }
      if (targetAuthority != null) {
        checkValue(targetAuthority);
      }
      return;
    }
    String host = hosts.get(0);
    checkValue(host);
    if (targetAuthority != null && !targetAuthority.equalsIgnoreCase(host)) {
      throw refused("the absolute request target names another host than the Host header");
    }
  }

  /** Checks one {@code host[:port]} value. */
  public static void checkValue(String value) {
    int n = value.length();
    if (n == 0) {
      throw refused("empty Host");
    }
    int hostEnd;
    if (value.charAt(0) == '[') {
      hostEnd = value.indexOf(']');
      if (hostEnd < 2) {
        throw refused("unterminated IPv6 literal in Host");
      }
      for (int i = 1; i < hostEnd; i++) {
        char c = value.charAt(i);
        if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
          throw refused("invalid IPv6 literal in Host");
        }
      }
      hostEnd++;
    } else {
      hostEnd = 0;
      while (hostEnd < n && value.charAt(hostEnd) != ':') {
        char c = value.charAt(hostEnd);
        boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~';
        if (!ok) {
          throw refused("invalid character in Host");
        }
        hostEnd++;
      }
      if (hostEnd == 0 || hostEnd > 255) {
        throw refused("invalid host name in Host");
      }
    }
    if (hostEnd == n) {
      return;
    }
    if (value.charAt(hostEnd) != ':' || hostEnd + 1 == n || n - hostEnd - 1 > 5) {
      throw refused("invalid port in Host");
    }
    int port = 0;
    for (int i = hostEnd + 1; i < n; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        throw refused("invalid port in Host");
      }
      port = port * 10 + (c - '0');
    }
    if (port < 1 || port > 65535) {
      throw refused("invalid port in Host");
    }
  }

  private static RequestRefused refused(String detail) {
    return RequestRefused.badRequest("invalid_host", "The request's Host is invalid: " + detail + ".");
  }
}
