package com.interview.proxy.balance;

import java.util.ArrayList;
import java.util.List;

/**
 * The upstream servers of the {@code http} transport, shared by every proxy instance of the JVM (nginx's
 * {@code upstream} zone): the balancer picks among eligible primaries, and among eligible backups only when no
 * primary is eligible. Servers already tried by an exchange are skipped on its retries.
 */
public final class UpstreamGroup {

  private final Upstream[] primaries;
  private final Upstream[] backups;
  private final List<Upstream> all;
  private final Balancer balancer;

  public UpstreamGroup(UpstreamConfig config) {
    List<Upstream> p = new ArrayList<>();
    List<Upstream> b = new ArrayList<>();
    List<Upstream> everything = new ArrayList<>();
    boolean lone = config.servers().size() == 1;
    int i = 0;
    for (ServerConfig sc : config.servers()) {
      Upstream u = new Upstream(sc, i++, lone);
      everything.add(u);
      (sc.backup() ? b : p).add(u);
    }
    this.primaries = p.toArray(new Upstream[0]);
    this.backups = b.toArray(new Upstream[0]);
    this.all = List.copyOf(everything);
    this.balancer = Balancer.of(config.balance());
  }

  /**
   * The server for the next attempt, or null when none is eligible.
   *
   * @param tried bit {@code i} set = the server of index {@code i} was already tried by this exchange
   */
  public Upstream select(long tried, long nowMillis) {
    Upstream u = balancer.pick(primaries, s -> (tried & (1L << s.index())) == 0 && s.eligible(nowMillis));
    if (u == null && backups.length > 0) {
      u = balancer.pick(backups, s -> (tried & (1L << s.index())) == 0 && s.eligible(nowMillis));
    }
    if (u != null) {
      u.passive().chosen(nowMillis);
    }
    return u;
  }

  /** Every server, in configuration order. */
  public List<Upstream> servers() {
    return all;
  }

  /** The server with this index or URL, or null. */
  public Upstream find(String indexOrUrl) {
    for (Upstream u : all) {
      if (u.url().equals(indexOrUrl) || Integer.toString(u.index()).equals(indexOrUrl)) {
        return u;
      }
    }
    return null;
  }

  /** Whether at least one server could take a request now. */
  public boolean anyEligible(long nowMillis) {
    for (Upstream u : all) {
      if (u.eligible(nowMillis)) {
        return true;
      }
    }
    return false;
  }
}
