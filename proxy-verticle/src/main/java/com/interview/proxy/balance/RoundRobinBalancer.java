package com.interview.proxy.balance;

import java.util.Arrays;
import java.util.function.Predicate;

/**
 * nginx's smooth weighted round robin: each pick adds every eligible server's weight to its current score, takes
 * the highest and subtracts the total — weights 5,1,1 give a a b a c a a, never five a's in a row.
 */
public final class RoundRobinBalancer implements Balancer {

  /**
   * Scores by {@link Upstream#index()}, not by position in {@code servers}: one balancer picks among the primaries
   * and among the backups, whose positions overlap; picking a backup must not move a primary's score.
   */
  private long[] current = new long[0];

  @Override
  public synchronized Upstream pick(Upstream[] servers, Predicate<Upstream> eligible) {
    Upstream best = null;
    long total = 0;
    for (Upstream s : servers) {
      if (!eligible.test(s)) {
        continue;
      }
      int i = s.index();
      if (current.length <= i) {
        current = Arrays.copyOf(current, i + 1);
      }
      current[i] += s.weight();
      total += s.weight();
      if (best == null || current[i] > current[best.index()]) {
        best = s;
      }
    }
    if (best != null) {
      current[best.index()] -= total;
    }
    return best;
  }
}
