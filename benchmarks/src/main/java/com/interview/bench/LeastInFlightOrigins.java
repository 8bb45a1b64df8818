package com.interview.bench;

import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.ProxyContext;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The contender's balancing: the origin with the fewest requests in flight, counted across every verticle instance
 * of the JVM (as our {@code least_conn} counts), ties broken by turns. {@link #select} is vertx-http-proxy's origin
 * selector; it notes the choice in the {@link ProxyContext} so that {@link #release} can end it once.
 */
final class LeastInFlightOrigins {

  private static final String CHOSEN = "bench.origin";

  private final SocketAddress[] origins;
  private final AtomicIntegerArray inFlight;
  private final AtomicInteger turn = new AtomicInteger();

  LeastInFlightOrigins(List<SocketAddress> origins) {
    if (origins.isEmpty()) {
      throw new IllegalArgumentException("origins: [] (expected: at least one host:port)");
    }
    this.origins = origins.toArray(new SocketAddress[0]);
    this.inFlight = new AtomicIntegerArray(origins.size());
  }

  Future<SocketAddress> select(ProxyContext context) {
    int n = origins.length;
    int start = Math.floorMod(turn.getAndIncrement(), n);
    int best = start;
    for (int k = 1; k < n; k++) {
      int i = (start + k) % n;
      if (inFlight.get(i) < inFlight.get(best)) {
        best = i;
      }
    }
    inFlight.incrementAndGet(best);
    context.set(CHOSEN, best);
    return Future.succeededFuture(origins[best]);
  }

  /** Ends the request's count, once, whether it was answered or failed. */
  void release(ProxyContext context) {
    Integer chosen = context.get(CHOSEN, Integer.class);
    if (chosen != null) {
      context.set(CHOSEN, null);
      inFlight.decrementAndGet(chosen);
    }
  }
}
