package com.interview.proxy.balance;

import java.util.function.Predicate;

/**
 * nginx's smooth weighted round robin: each pick adds every eligible server's weight to its current score, takes
 * the highest and subtracts the total — weights 5,1,1 give a a b a c a a, never five a's in a row.
 */
public final class RoundRobinBalancer implements Balancer {

  private long[] current = new long[0];

  @Override
  public synchronized Upstream pick(Upstream[] servers, Predicate<Upstream> eligible) {
    if (current.length < servers.length) {
      current = new long[servers.length];
    }
    Upstream best = null;
    int bestIndex = -1;
    long total = 0;
    for (int i = 0; i < servers.length; i++) {
      Upstream s = servers[i];
      if (!eligible.test(s)) {
        continue;
      }
      current[i] += s.weight();
      total += s.weight();
      if (best == null || current[i] > current[bestIndex]) {
        best = s;
        bestIndex = i;
      }
    }
    if (best != null) {
      current[bestIndex] -= total;
    }
    return best;
  }
}
