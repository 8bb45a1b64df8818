package com.interview.api.db;

/**
 * PostgreSQL connection.
 *
 * @param url      {@code postgresql://user:password@host:port/database}
 * @param poolSize connections per JVM, shared by all API verticles
 * @param migrate  run Flyway migrations at start
 * @param timeouts how long silence may last before it counts as an outage
 */
public record DatabaseConfig(String url, int poolSize, boolean migrate, DatabaseTimeouts timeouts) {

  /** A configuration with the default {@link DatabaseTimeouts}. */
  public DatabaseConfig(String url, int poolSize, boolean migrate) {
    this(url, poolSize, migrate, DatabaseTimeouts.DEFAULTS);
  }

  /** {@code url} with its password replaced by {@code ***}, for messages and logs. */
  public static String masked(String url) {
    return url.replaceFirst("//([^:/@]*):[^@/]*@", "//$1:***@");
  }

  @Override
  public String toString() {
    return "DatabaseConfig[url=" + masked(url) + ", poolSize=" + poolSize + ", migrate=" + migrate
      + ", timeouts=" + timeouts + "]";
  }
}
