package com.interview.api.common;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Timestamps as the API writes them: exactly {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}'s text (seconds always,
 * the fraction without trailing zeros, {@code Z} for UTC), written by hand for what PostgreSQL's {@code timestamptz}
 * gives (UTC, years 0–9999) — the formatter's generic field walk was 5 % of the CPU of {@code GET /api/questions/{id}}
 * — and by the formatter for anything else.
 */
public final class IsoTimestamps {

  private IsoTimestamps() {
  }

  /** {@code t} as {@code ISO_OFFSET_DATE_TIME} formats it. */
  public static String format(OffsetDateTime t) {
    int year = t.getYear();
    if (t.getOffset().getTotalSeconds() != 0 || year < 0 || year > 9999) {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
    }
    char[] out = new char[30];
    digits(out, 0, year, 4);
    out[4] = '-';
    digits(out, 5, t.getMonthValue(), 2);
    out[7] = '-';
    digits(out, 8, t.getDayOfMonth(), 2);
    out[10] = 'T';
    digits(out, 11, t.getHour(), 2);
    out[13] = ':';
    digits(out, 14, t.getMinute(), 2);
    out[16] = ':';
    digits(out, 17, t.getSecond(), 2);
    int n = 19;
    int nano = t.getNano();
    if (nano != 0) {
      out[n++] = '.';
      int width = 9;
      while (nano % 10 == 0) { // ISO_LOCAL_TIME prints the fraction without trailing zeros
        nano /= 10;
        width--;
      }
      digits(out, n, nano, width);
      n += width;
    }
    out[n++] = 'Z';
    return new String(out, 0, n);
  }

  private static void digits(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
