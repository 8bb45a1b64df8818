package com.interview.api.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Flyway migrations from {@code classpath:db/migration}, run on a worker thread (Flyway is JDBC). Flyway's own
 * lock in PostgreSQL makes concurrent nodes safe: one migrates, the others wait and find nothing to do.
 */
public final class Migrations {

  private Migrations() {
  }

  /** Migrates the database and completes with the schema version now in place. */
  public static Future<String> migrate(Vertx vertx, PgConnectOptions db) {
    return vertx.executeBlocking(() -> {
      String jdbc = "jdbc:postgresql://" + db.getHost() + ":" + db.getPort() + "/" + db.getDatabase();
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
