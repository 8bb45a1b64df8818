package com.interview.proxy.balance;

import java.util.Arrays;
import java.util.function.Predicate;

/**
 * nginx {@code least_conn}: the eligible server with the fewest in-flight requests relative to its weight
 * ({@code a.inFlight * b.weight < b.inFlight * a.weight}); among equals, smooth weighted round robin as nginx does
 * — so sequential traffic spreads in proportion to the weights instead of sticking to the first server. In-flight
 * counts are the JVM's, across all proxy instances.
 */
public final class LeastConnBalancer implements Balancer {

  /** Round-robin scores of the tied servers, by {@link Upstream#index()}. */
  private long[] current = new long[0];

  @Override
  public synchronized Upstream pick(Upstream[] servers, Predicate<Upstream> eligible) {
    int n = servers.length;
    int[] load = new int[n]; // one reading per server: counts move under us, the comparison must not
    int best = -1;
    boolean many = false;
    for (int i = 0; i < n; i++) {
      Upstream s = servers[i];
      if (!eligible.test(s)) {
        load[i] = -1;
        continue;
      }
      load[i] = s.inFlight();
      if (best < 0) {
        best = i;
        continue;
      }
      long mine = (long) load[i] * servers[best].weight();
      long theirs = (long) load[best] * s.weight();
      if (mine < theirs) {
        best = i;
        many = false;
      } else if (mine == theirs) {
        many = true;
      }
    }
    if (best < 0 || !many) {
      return best < 0 ? null : servers[best];
    }
    return tieBreak(servers, load, best);
  }

  /** nginx's smooth weighted round robin among the eligible servers as loaded as {@code servers[lead]}. */
  private Upstream tieBreak(Upstream[] servers, int[] load, int lead) {
    Upstream ref = servers[lead];
    Upstream chosen = null;
    long total = 0;
    for (int i = 0; i < servers.length; i++) {
      Upstream s = servers[i];
      if (load[i] < 0 || (long) load[i] * ref.weight() != (long) load[lead] * s.weight()) {
        continue;
      }
      if (current.length <= s.index()) {
        current = Arrays.copyOf(current, s.index() + 1);
      }
      current[s.index()] += s.weight();
      total += s.weight();
      if (chosen == null || current[s.index()] > current[chosen.index()]) {
        chosen = s;
      }
    }
    current[chosen.index()] -= total;
    return chosen;
  }
}
