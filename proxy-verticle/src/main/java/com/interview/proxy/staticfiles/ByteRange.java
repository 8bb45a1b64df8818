package com.interview.proxy.staticfiles;

/**
 * One {@code Range: bytes=...} of RFC 9110 §14: {@code a-b}, {@code a-}, {@code -n}. Several ranges, other units
 * or garbage are ignored (the whole file is sent, which the RFC allows); a range that starts beyond the end is
 * unsatisfiable.
 */
final class ByteRange {

  /** Returned for a range that lies wholly outside the file (→ 416). */
  static final long[] UNSATISFIABLE = new long[0];

  private ByteRange() {
  }

  /** {first, last} (inclusive), {@link #UNSATISFIABLE}, or null to send the whole file. */
  static long[] parse(String header, long size) {
    String h = header.trim();
    if (!h.startsWith("bytes=") || h.indexOf(',') >= 0) {
      return null;
    }
    String spec = h.substring(6).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    try {
      String a = spec.substring(0, dash).trim();
      String b = spec.substring(dash + 1).trim();
      if (a.isEmpty()) { // suffix: the last n bytes
        long n = Long.parseLong(b);
        if (n <= 0 || size == 0) {
          return UNSATISFIABLE;
        }
        return new long[] {Math.max(0, size - n), size - 1};
      }
      long first = Long.parseLong(a);
      long last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
      if (first < 0 || (!b.isEmpty() && Long.parseLong(b) < first)) {
        return null;
      }
      if (first >= size) {
        return UNSATISFIABLE;
      }
      return new long[] {first, last};
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
