package com.interview.api.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import java.time.Duration;

/**
 * Flyway migrations from {@code classpath:db/migration}, run on a worker thread (Flyway is JDBC). Flyway's own
 * lock in PostgreSQL makes concurrent nodes safe: one migrates, the others wait and find nothing to do.
 */
public final class Migrations {

  private Migrations() {
  }

  /**
   * The longest a migration statement may go without an answer from the server before start-up fails (a frozen
   * server must not hang start-up forever; a real migration statement answers well within it).
   */
  public static final Duration SOCKET_TIMEOUT = Duration.ofMinutes(5);

  /** {@link #migrate(Vertx, PgConnectOptions, DatabaseTimeouts)} with the default timeouts. */
  public static Future<String> migrate(Vertx vertx, PgConnectOptions db) {
    return migrate(vertx, db, DatabaseTimeouts.DEFAULTS);
  }

  /**
   * Migrates the database and completes with the schema version now in place. Connecting and logging in are
   * bounded by {@code timeouts.connect()}, each answer of the server by {@link #SOCKET_TIMEOUT}.
   */
  public static Future<String> migrate(Vertx vertx, PgConnectOptions db, DatabaseTimeouts timeouts) {
    long connectSeconds = Math.max(1, (timeouts.connect().toMillis() + 999) / 1000);
    return vertx.executeBlocking(() -> {
      String jdbc = "jdbc:postgresql://" + db.getHost() + ":" + db.getPort() + "/" + db.getDatabase()
        + "?connectTimeout=" + connectSeconds + "&loginTimeout=" + connectSeconds
        + "&socketTimeout=" + SOCKET_TIMEOUT.toSeconds();
      Flyway flyway = Flyway.configure()
        .dataSource(jdbc, db.getUser(), db.getPassword())
        .locations("classpath:db/migration")
        .connectRetries(0)
        .load();
      MigrateResult result = flyway.migrate();
      return result.targetSchemaVersion != null ? result.targetSchemaVersion
        : String.valueOf(flyway.info().current() == null ? "none" : flyway.info().current().getVersion());
    }, false);
  }
}
