package com.interview.proxy.balance;

/**
 * A balancing strategy: picks one of the servers that health and the administrator leave eligible. Policy only;
 * {@link UpstreamGroup} decides eligibility and the fallback to backup servers.
 */
@FunctionalInterface
public interface Balancer {

  /**
   * Picks among {@code servers} those for which {@code eligible} holds, or returns null when there is none.
   *
   * @param servers  the candidates (primaries or backups)
   * @param eligible whether a candidate may be chosen
   */
  Upstream pick(Upstream[] servers, java.util.function.Predicate<Upstream> eligible);

  static Balancer of(Balance balance) {
    return switch (balance) {
      case LEAST_CONN -> new LeastConnBalancer();
      case ROUND_ROBIN -> new RoundRobinBalancer();
    };
  }
}
