package com.interview.proxy.balance;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * nginx {@code least_conn}: the eligible server with the fewest in-flight requests relative to its weight
 * ({@code a.inFlight * b.weight < b.inFlight * a.weight}); among equals, round robin — so sequential traffic spreads
 * instead of sticking to the first server. In-flight counts are the JVM's, across all proxy instances.
 */
public final class LeastConnBalancer implements Balancer {

  private final AtomicInteger cursor = new AtomicInteger();

  @Override
  public Upstream pick(Upstream[] servers, Predicate<Upstream> eligible) {
    int n = servers.length;
    int start = Math.floorMod(cursor.getAndIncrement(), n);
    Upstream best = null;
    for (int i = 0; i < n; i++) {
      Upstream s = servers[(start + i) % n];
      if (!eligible.test(s)) {
        continue;
      }
      if (best == null || (long) s.inFlight() * best.weight() < (long) best.inFlight() * s.weight()) {
        best = s;
      }
    }
    return best;
  }
}
