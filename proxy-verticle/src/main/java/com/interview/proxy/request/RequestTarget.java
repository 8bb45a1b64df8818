package com.interview.proxy.request;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The one path a request is limited, routed and forwarded by: the request-target checked (RFC 9112 §3.2) and its
 * path normalised (RFC 3986 §6.2.2) before routing, so the proxy and the API can never disagree about which route
 * a request is. Normalising: unreserved characters percent-decoded ({@code %61} → {@code a}, {@code %2E} →
 * {@code .}), other escapes upper-cased, characters outside {@code pchar} percent-encoded, repeated slashes merged
 * (nginx {@code merge_slashes on}), dot segments resolved (§5.2.4). Refused with 400: control bytes, spaces or a
 * fragment anywhere in the target, an encoded {@code /}, {@code \} or control byte ({@code %2F}, {@code %5C},
 * {@code %00}...), a raw backslash, a bad escape, a path that climbs above the root, the asterisk and authority
 * forms. The absolute form ({@code http://host/path}) is reduced to its path; its authority is returned for the
 * Host check. Matching stays case-sensitive, as in nginx. A target that is already canonical is returned as is.
 *
 * @param uri       the normalised path with the query, what is forwarded
 * @param path      the normalised path, what routes and limits see
 * @param authority the authority of an absolute-form target, or null
 */
public record RequestTarget(String uri, String path, String authority) {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** Checks and normalises a raw request-target; throws {@link RequestRefused} (400) for one it refuses. */
  public static RequestTarget parse(String raw) {
    if (raw.isEmpty()) {
      throw refused("empty request target");
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c <= 0x20 || c == 0x7f) {
        throw refused("control character or space in the request target");
      }
      if (c == '#') {
        throw refused("fragment in the request target");
      }
    }
    int start = 0;
    String authority = null;
    if (raw.charAt(0) != '/') {
      int scheme = raw.regionMatches(true, 0, "http://", 0, 7) ? 7 : raw.regionMatches(true, 0, "https://", 0, 8) ? 8 : -1;
      if (scheme < 0) {
        throw refused("the request target must be a path (origin form) or an http(s) URL");
      }
      int end = scheme;
      while (end < raw.length() && raw.charAt(end) != '/' && raw.charAt(end) != '?') {
        end++;
      }
      authority = raw.substring(scheme, end);
      if (authority.isEmpty()) {
        throw refused("absolute request target without a host");
      }
      start = end;
    }
    int q = raw.indexOf('?', start);
    String rawPath = q < 0 ? raw.substring(start) : raw.substring(start, q);
    String rawQuery = q < 0 ? null : raw.substring(q + 1);
    String path = rawPath.isEmpty() ? "/" : normalisePath(rawPath);
    String query = rawQuery == null ? null : canonicalQuery(rawQuery);
    String uri = start == 0 && path.equals(rawPath) && query == rawQuery ? raw : query == null ? path : path + "?" + query;
    return new RequestTarget(uri, path, authority);
  }

  private static String normalisePath(String raw) {
    if (canonical(raw)) {
      return raw;
    }
    String[] segments = raw.substring(1).split("/", -1);
    List<String> out = new ArrayList<>(segments.length);
    for (int i = 0; i < segments.length; i++) {
      String s = canonicalSegment(segments[i]);
      boolean last = i == segments.length - 1;
      if (s.isEmpty() || s.equals(".")) {
        if (last) {
          out.add(""); // a trailing slash stays
        }
      } else if (s.equals("..")) {
        if (out.isEmpty()) {
          throw refused("the path climbs above the root");
        }
        out.remove(out.size() - 1);
        if (last) {
          out.add("");
        }
      } else {
        out.add(s);
      }
    }
    return "/" + String.join("/", out);
  }

  /** True when nothing would change: no escape, no dot segment, no empty segment, only pchar and '/'. */
  private static boolean canonical(String p) {
    if (p.charAt(0) != '/') {
      return false;
    }
    int n = p.length();
    for (int i = 1; i < n; i++) {
      char c = p.charAt(i);
      if (c == '/') {
        if (p.charAt(i - 1) == '/') {
          return false;
        }
      } else if (c == '.') {
        if (p.charAt(i - 1) == '/') {
          return false; // maybe a dot segment: the slow path decides
        }
      } else if (c == '%' || !isPchar(c)) {
        return false;
      }
    }
    return true;
  }

  private static String canonicalSegment(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        int v = escape(s, i);
        if (v == '/' || v == '\\') {
          throw refused("encoded slash or backslash in the path");
        }
        if (v < 0x20 || v == 0x7f) {
          throw refused("encoded control character in the path");
        }
        if (isUnreserved((char) v)) {
          b.append((char) v);
        } else {
          b.append('%').append(HEX[v >> 4]).append(HEX[v & 0xF]);
        }
        i += 2;
      } else if (c == '\\') {
        throw refused("backslash in the path");
      } else if (isPchar(c)) {
        b.append(c);
      } else {
        encode(b, c);
      }
    }
    return b.toString();
  }

  private static String canonicalQuery(String q) {
    StringBuilder b = null;
    for (int i = 0; i < q.length(); i++) {
      char c = q.charAt(i);
      if (c == '%') {
        int v = escape(q, i);
        if (v < 0x20 || v == 0x7f) {
          throw refused("encoded control character in the query");
        }
        if (b != null) {
          b.append(q, i, i + 3);
        }
        i += 2;
      } else if (isPchar(c) || c == '/' || c == '?') {
        if (b != null) {
          b.append(c);
        }
      } else {
        if (b == null) {
          b = new StringBuilder(q.length() + 8).append(q, 0, i);
        }
        encode(b, c);
      }
    }
    return b == null ? q : b.toString();
  }

  /** The byte of the escape at {@code i}; refuses a {@code %} not followed by two hex digits. */
  private static int escape(String s, int i) {
    int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
    int lo = hi < 0 ? -1 : Character.digit(s.charAt(i + 2), 16);
    if (lo < 0) {
      throw refused("bad percent-encoding in the request target");
    }
    return hi << 4 | lo;
  }

  /** Percent-encodes one character: its byte when it is one (the request line is read as bytes), else its UTF-8. */
  private static void encode(StringBuilder b, char c) {
    if (c <= 0xFF) {
      b.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
      return;
    }
    for (byte x : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
      b.append('%').append(HEX[(x >> 4) & 0xF]).append(HEX[x & 0xF]);
    }
  }

  private static boolean isUnreserved(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
      || c == '-' || c == '.' || c == '_' || c == '~';
  }

  /** RFC 3986 pchar without pct-encoded: unreserved, sub-delims, ':' and '@'. */
  private static boolean isPchar(char c) {
    if (isUnreserved(c)) {
      return true;
    }
    return switch (c) {
      case '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=', ':', '@' -> true;
      default -> false;
    };
  }

  private static RequestRefused refused(String detail) {
    return RequestRefused.badRequest("bad_request_target", "The request target is invalid: " + detail + ".");
  }
}
