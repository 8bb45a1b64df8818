package com.interview.api.common;

import io.vertx.sqlclient.Row;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/** Small conversions from rows to JSON values, shared by repositories. */
public final class Rows {

  private Rows() {
  }

  /** ISO-8601 with offset, or null. */
  public static String time(OffsetDateTime t) {
    return t == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
  }

  public static String time(Row row, String column) {
    return time(row.getOffsetDateTime(column));
  }

  /** A UUID column as a string, or null. */
  public static String id(Row row, String column) {
    var v = row.getUUID(column);
    return v == null ? null : v.toString();
  }

  /** SQLSTATE of a PostgreSQL failure, or null. */
  public static String sqlState(Throwable t) {
    return t instanceof io.vertx.pgclient.PgException pg ? pg.getSqlState() : null;
  }
}
