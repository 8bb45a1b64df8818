package com.interview.api.db;

import java.time.Duration;

/**
 * How long the API waits for PostgreSQL before it treats silence as an outage ({@code api.database.*Timeout}).
 * A server that stops answering but keeps its connections open (SIGSTOP, a network black hole) then looks like a
 * cut one: the request answers 503 {@code database_unavailable} within the bound, never later.
 *
 * @param acquire     waiting for a pool connection of a transaction (explicit acquisition)
 * @param statement   one statement on the pool, its connection acquisition included; also PostgreSQL's own
 *                    {@code statement_timeout}, so a slow but alive server cancels the statement itself
 * @param transaction a whole transaction, from acquisition to commit
 * @param connect     opening a connection (TCP connect; Flyway's connect and login at start)
 */
public record DatabaseTimeouts(Duration acquire, Duration statement, Duration transaction, Duration connect) {

  public static final Duration DEFAULT_ACQUIRE = Duration.ofSeconds(1);
  public static final Duration DEFAULT_STATEMENT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_TRANSACTION = Duration.ofSeconds(5);
  public static final Duration DEFAULT_CONNECT = Duration.ofSeconds(2);
  public static final DatabaseTimeouts DEFAULTS =
    new DatabaseTimeouts(DEFAULT_ACQUIRE, DEFAULT_STATEMENT, DEFAULT_TRANSACTION, DEFAULT_CONNECT);

  public DatabaseTimeouts {
    positive("acquire", acquire);
    positive("statement", statement);
    positive("transaction", transaction);
    positive("connect", connect);
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
    }
  }
}
