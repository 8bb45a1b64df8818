package com.interview.api.common;

import io.vertx.core.Future;

import java.util.concurrent.TimeUnit;

/**
 * Redis calls with a deadline: only what may be lost lives in Redis, so a slow or absent Redis must cost a request
 * a bounded, short wait, after which callers fall back (to PostgreSQL, or to "not cached").
 */
public final class Redisx {

  /** How long any single Redis command may take before it counts as failed. */
  public static final long TIMEOUT_MS = 250;

  private Redisx() {
  }

  public static <T> Future<T> bounded(Future<T> command) {
    return command.timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }
}
