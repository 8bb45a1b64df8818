package com.interview.api.db;

import java.util.concurrent.TimeoutException;

/** PostgreSQL did not answer within one of the {@link DatabaseTimeouts}: an outage, answered 503. */
public final class DatabaseTimeout extends TimeoutException {

  public DatabaseTimeout(String what, long millis) {
    super("PostgreSQL did not answer " + what + " within " + millis + " ms");
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this; // an expected outcome, logged once per outage: the stack says nothing
  }
}
