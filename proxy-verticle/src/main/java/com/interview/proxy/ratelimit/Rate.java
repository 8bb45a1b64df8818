package com.interview.proxy.ratelimit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request rate as nginx writes it: {@code 10r/s}, {@code 5r/m}.
 *
 * @param requests requests per {@code perSeconds}
 * @param perSeconds 1 (r/s) or 60 (r/m)
 */
public record Rate(long requests, int perSeconds) {

  private static final Pattern SYNTAX = Pattern.compile("(\\d+)r/([sm])");

  public Rate {
    if (requests <= 0) {
      throw new IllegalArgumentException("a rate above zero such as 10r/s or 5r/m");
    }
  }

  /** Parses {@code Nr/s} or {@code Nr/m}; throws {@link IllegalArgumentException} naming what was expected. */
  public static Rate parse(String text) {
    Matcher m = SYNTAX.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("a rate such as 10r/s or 5r/m");
    }
    long n;
    try {
      n = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a rate such as 10r/s or 5r/m");
    }
    return new Rate(n, m.group(2).equals("s") ? 1 : 60);
  }

  /** The interval between two requests at this rate, in nanoseconds (the GCRA emission interval). */
  public long emissionIntervalNanos() {
    return perSeconds * 1_000_000_000L / requests;
  }

  @Override
  public String toString() {
    return requests + (perSeconds == 1 ? "r/s" : "r/m");
  }
}
