package com.interview.proxy.balance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What a proxy JVM knows of the API nodes: their last load reports, and the requests it sent each since (a report
 * is up to 250 ms old; counting our own sends in between keeps a burst from piling onto one node). A node is a
 * candidate while it reported within {@code staleMillis}, is not draining and is still a cluster member. Shared by
 * every proxy instance of the JVM; thread-safe.
 *
 * <p>Choice (least loaded): the candidate with the lowest (estimated in-flight + 1) / capacity. Ties — what sequential
 * traffic over idle nodes always is — go to the local node (no network hop), else by smooth weighted round robin
 * over the tied nodes, weighted by capacity (nginx's algorithm): an idle node keeps being chosen in its turn, so its
 * estimate and latency stay fresh instead of all traffic sticking to one JVM until load builds. With more than four
 * candidates, the better of two picked at random (power of two choices), which spreads a herd of proxies instead of
 * aiming them all at the same node.
 */
public final class LoadTable {

  /** One node as this proxy sees it. */
  public static final class Node {
    private final String id;
    private final AtomicInteger own = new AtomicInteger();
    private final AtomicLong selections = new AtomicLong();
    private volatile NodeLoad report;
    private volatile int ownAtReport;
    private volatile long seenAt;
    /** Smooth weighted round robin state among tied nodes (guarded by the table). */
    private long current;
    /** Requests out on the node, to end when it leaves; true: also when it falls silent. */
    private final ConcurrentHashMap<Runnable, Boolean> watchers = new ConcurrentHashMap<>();

    Node(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    /** The node's last report. */
    public NodeLoad report() {
      return report;
    }

    /** Requests this proxy JVM has in flight on the node. */
    public int ownInFlight() {
      return own.get();
    }

    /** Requests this proxy JVM sent the node so far. */
    public long selections() {
      return selections.get();
    }

    /** The node's in-flight estimate: its report plus what we sent since. */
    public int estimate() {
      NodeLoad r = report;
      return Math.max(0, (r == null ? 0 : r.inFlight()) + own.get() - ownAtReport);
    }

    double load() {
      NodeLoad r = report;
      return (estimate() + 1.0) / (r == null ? 1 : r.capacity());
    }
  }

  private final ConcurrentHashMap<String, Node> nodes = new ConcurrentHashMap<>();
  private final long staleNanos;
  private final LongSupplier clock;

  public LoadTable(long staleMillis) {
    this(staleMillis, System::nanoTime);
  }

  public LoadTable(long staleMillis, LongSupplier nanoClock) {
    this.staleNanos = staleMillis * 1_000_000L;
    this.clock = nanoClock;
  }

  /** A report arrived: a new node is in at once. */
  public void report(NodeLoad load) {
    Node n = nodes.computeIfAbsent(load.node(), Node::new);
    n.ownAtReport = n.own.get();
    n.report = load;
    n.seenAt = clock.getAsLong();
  }

  /** The node left the cluster: out at once, and every request out on it is told. */
  public void remove(String nodeId) {
    Node n = nodes.remove(nodeId);
    if (n != null) {
      fire(n, false);
    }
  }

  /**
   * Runs {@code onGone} once (on the calling thread of {@link #remove} or {@link #sweep}) when {@code nodeId} leaves
   * the cluster, or — with {@code orSilent} — falls silent, before the returned action closes the watch. Runs it at
   * once when the node is not known.
   */
  public Runnable whenGone(String nodeId, boolean orSilent, Runnable onGone) {
    Node n = nodes.get(nodeId);
    if (n == null) {
      onGone.run();
      return () -> { };
    }
    n.watchers.put(onGone, orSilent);
    if (nodes.get(nodeId) != n) { // removed meanwhile
      fire(n, false);
    }
    return () -> n.watchers.remove(onGone);
  }

  /** Tells the requests out on nodes silent for longer than the staleness that watch for silence. */
  public void sweep() {
    long now = clock.getAsLong();
    for (Node n : nodes.values()) {
      if (now - n.seenAt > staleNanos && !n.watchers.isEmpty()) {
        fire(n, true);
      }
    }
  }

  private static void fire(Node n, boolean silentOnly) {
    for (var w : n.watchers.entrySet()) {
      if ((!silentOnly || w.getValue()) && n.watchers.remove(w.getKey()) != null) {
        w.getKey().run();
      }
    }
  }

  /** The node to send the next request to, or null when none is a candidate; {@link #begin} is done for it. */
  public String select(String localNode) {
    return select(localNode, java.util.Set.of());
  }

  /** Like {@link #select(String)}, never one of {@code excluded}. */
  public String select(String localNode, java.util.Set<String> excluded) {
    long now = clock.getAsLong();
    List<Node> candidates = new ArrayList<>(4);
    for (Node n : nodes.values()) {
      NodeLoad r = n.report;
      if (r != null && !r.draining() && now - n.seenAt <= staleNanos && !excluded.contains(n.id)) {
        candidates.add(n);
      }
    }
    if (candidates.isEmpty()) {
      return null;
    }
    if (candidates.size() > 4) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      int i = random.nextInt(candidates.size());
      int j = (i + 1 + random.nextInt(candidates.size() - 1)) % candidates.size(); // two different nodes
      candidates = List.of(candidates.get(i), candidates.get(j));
    }
    List<Node> tied = new ArrayList<>(candidates.size());
    double least = Double.MAX_VALUE;
    for (Node n : candidates) {
      double load = n.load();
      if (load < least) {
        least = load;
        tied.clear();
      }
      if (load == least) {
        tied.add(n);
      }
    }
    Node best = tied.size() == 1 ? tied.get(0) : tieBreak(tied, localNode);
    begin(best);
    return best.id;
  }

  /** The local node if tied, else smooth weighted round robin over {@code tied} by capacity. */
  private Node tieBreak(List<Node> tied, String local) {
    for (Node n : tied) {
      if (n.id.equals(local)) {
        return n;
      }
    }
    synchronized (this) {
      long total = 0;
      Node best = null;
      for (Node n : tied) {
        int weight = n.report.capacity();
        n.current += weight;
        total += weight;
        if (best == null || n.current > best.current) {
          best = n;
        }
      }
      best.current -= total;
      return best;
    }
  }

  private static void begin(Node n) {
    n.own.incrementAndGet();
    n.selections.incrementAndGet();
  }

  /** A request sent to {@code nodeId} is over. */
  public void end(String nodeId) {
    Node n = nodes.get(nodeId);
    if (n != null) {
      n.own.decrementAndGet();
    }
  }

  /** Every known node (for metrics and the admin view). */
  public Collection<Node> nodes() {
    return nodes.values();
  }

  /** Whether any node can take a request now. */
  public boolean anyCandidate() {
    long now = clock.getAsLong();
    for (Node n : nodes.values()) {
      NodeLoad r = n.report;
      if (r != null && !r.draining() && now - n.seenAt <= staleNanos) {
        return true;
      }
    }
    return false;
  }
}
