package com.interview.api.common;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * A keyset pagination position: the sort key of the last row a page returned ({@code created_at}, {@code id}).
 * Opaque to clients (base64url); a tampered cursor is a 400, never a wrong page.
 *
 * @param at the last row's timestamp (microsecond precision, as PostgreSQL stores it)
 * @param id the last row's id
 */
public record Cursor(OffsetDateTime at, UUID id) {

  public String encode() {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, at.toInstant());
    String raw = micros + ":" + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** Decodes {@code text}, or null for null; throws a 400 {@link ApiProblem} for garbage. */
  public static Cursor decode(String text) {
    if (text == null) {
      return null;
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      int colon = raw.indexOf(':');
      long micros = Long.parseLong(raw.substring(0, colon));
      Instant at = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
      return new Cursor(OffsetDateTime.ofInstant(at, ZoneOffset.UTC), UUID.fromString(raw.substring(colon + 1)));
    } catch (RuntimeException e) {
      throw ApiProblem.badRequest("invalid_cursor", "The cursor is not one this API returned.");
    }
  }
}
