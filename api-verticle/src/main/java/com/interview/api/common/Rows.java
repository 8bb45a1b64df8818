package com.interview.api.common;

import io.vertx.sqlclient.Row;

import java.time.OffsetDateTime;

/** Small conversions from rows to JSON values, shared by repositories. */
public final class Rows {

  private Rows() {
  }

  /** ISO-8601 with offset, or null. */
  public static String time(OffsetDateTime t) {
    return t == null ? null : IsoTimestamps.format(t);
  }

  public static String time(Row row, String column) {
    return time(row.getOffsetDateTime(column));
  }

  /** A UUID column as a string, or null. */
  public static String id(Row row, String column) {
    var v = row.getUUID(column);
    return v == null ? null : v.toString();
  }

  /** The UUID column at {@code position} as a string, or null. */
  public static String id(Row row, int position) {
    var v = row.getUUID(position);
    return v == null ? null : v.toString();
  }

  /**
   * Whether {@code failure} says the database could not be used at all — no connection (refused, unreachable,
   * timed out, closed under the statement, no pool connection in time, no answer within a bound) or a server refusing
   * connections (SQLSTATE class 08, shutdown 57P01–57P03, too many connections 53300) or cancelling a statement at
   * its {@code statement_timeout} (57014) — rather than that one statement failed.
   */
  public static boolean unavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.net.ConnectException || t instanceof java.net.NoRouteToHostException
        || t instanceof java.net.UnknownHostException || t instanceof io.netty.channel.ConnectTimeoutException
        || t instanceof java.nio.channels.ClosedChannelException || t instanceof io.vertx.sqlclient.ClosedConnectionException
        || t instanceof java.util.concurrent.TimeoutException) {
        return true;
      }
      String state = sqlState(t);
      if (state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
        || state.equals("57P03") || state.equals("53300") || state.equals("57014"))) {
        return true;
      }
    }
    return false;
  }

  /** SQLSTATE of a PostgreSQL failure, or null. */
  public static String sqlState(Throwable t) {
    return t instanceof io.vertx.pgclient.PgException pg ? pg.getSqlState() : null;
  }
}
