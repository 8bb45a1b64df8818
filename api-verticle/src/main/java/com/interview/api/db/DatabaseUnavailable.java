package com.interview.api.db;

/** PostgreSQL could not be used at start (unreachable, refused the login, database missing, migration failed). */
public final class DatabaseUnavailable extends RuntimeException {

  public DatabaseUnavailable(Throwable cause) {
    super(cause.getMessage(), cause);
  }
}
