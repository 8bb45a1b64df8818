package com.interview.proxy.health;

import io.vertx.core.Future;

/** Whether this node can serve traffic (its dependencies answer); supplied by the application. */
@FunctionalInterface
public interface Readiness {

  /** Completes with true when ready; must complete (within the health checks' own timeouts). */
  Future<Boolean> check();

  static Readiness always() {
    return () -> Future.succeededFuture(true);
  }
}
