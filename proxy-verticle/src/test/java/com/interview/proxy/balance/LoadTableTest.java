package com.interview.proxy.balance;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The least-loaded decision with reports we write and a clock we move: which node each {@code select} picks is
 * exact here, whatever the speed of the machine. The distribution the proxy produces under real load (a node that
 * reports more in flight, or has more capacity, or answers slower) follows from these decisions; the end-to-end
 * tests (app: LoadBalancingIT) only check what timing cannot change.
 */
class LoadTableTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final LoadTable table = new LoadTable(1000, now::get);

  private void report(String node, int inFlight, int capacity) {
    table.report(new NodeLoad(node, inFlight, capacity, 5.0, false));
  }

  private void report(String node, int inFlight, int capacity, double latencyMs) {
    table.report(new NodeLoad(node, inFlight, capacity, latencyMs, false));
  }

  /** {@code n} decisions for a proxy that is not itself an API node, nothing ending in between. */
  private List<String> decisions(int n) {
    return decisions("proxy", n);
  }

  /** {@code n} decisions for a proxy in the JVM of {@code localNode}, nothing ending in between. */
  private List<String> decisions(String localNode, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(table.select(localNode));
    }
    return out;
  }

  private static long count(List<String> decisions, String node) {
    return decisions.stream().filter(node::equals).count();
  }

  @Test
  void choosesTheLeastLoadedRelativeToCapacity() {
    report("a", 10, 10);
    report("b", 10, 40); // same in-flight, four times the capacity
    assertThat(table.select("x")).isEqualTo("b");
    report("b", 39, 40);
    report("a", 0, 10);
    assertThat(table.select("x")).isEqualTo("a");
  }

  @Test
  void prefersTheLocalNodeOnTiesAndCountsItsOwnSendsUntilTheNextReport() {
    report("local", 0, 8);
    report("remote", 0, 8);
    Map<String, Integer> picks = new HashMap<>();
    for (int i = 0; i < 8; i++) {
      picks.merge(table.select("local"), 1, Integer::sum); // nothing ends: our own sends fill both equally
    }
    assertThat(picks).containsEntry("local", 4).containsEntry("remote", 4);
    assertThat(table.nodes().stream().filter(n -> n.id().equals("local")).findFirst().orElseThrow().ownInFlight()).isEqualTo(4);
    table.end("local");
    table.end("local");
    assertThat(table.select("local")).isEqualTo("local");
  }

  @Test
  void aReportResetsTheEstimateToWhatTheNodeSaysPlusWhatWeSentSince() {
    report("a", 0, 10);
    report("b", 0, 10);
    for (int i = 0; i < 6; i++) {
      table.select("a");
    }
    report("a", 0, 10); // a finished everything we sent it
    report("b", 9, 10); // b is busy with others' work
    assertThat(table.select("a")).isEqualTo("a");
  }

  @Test
  void silentDrainingRemovedAndExcludedNodesAreOut() {
    report("a", 0, 10);
    report("b", 5, 10);
    now.addAndGet(1_500_000_000L); // 1.5 s of silence from both
    report("b", 5, 10);
    assertThat(table.select("x")).isEqualTo("b");
    table.report(new NodeLoad("b", 5, 10, 5.0, true)); // draining
    assertThat(table.select("x")).isNull();
    assertThat(table.anyCandidate()).isFalse();
    report("c", 0, 10);
    report("d", 9, 10);
    assertThat(table.select("x", Set.of("c"))).isEqualTo("d");
    table.remove("c");
    assertThat(table.select("x")).isEqualTo("d");
  }

  @Test
  void withManyNodesTheMostLoadedIsNeverChosen() {
    for (int i = 0; i < 8; i++) {
      report("n" + i, i == 7 ? 1000 : i, 100);
    }
    for (int i = 0; i < 500; i++) {
      String chosen = table.select("x");
      assertThat(chosen).isNotEqualTo("n7");
      table.end(chosen);
    }
  }

  @Test
  void requestsOutOnANodeAreToldWhenItLeavesAndSilenceTellsOnlyThoseThatAskedForIt() {
    report("a", 0, 8);
    java.util.List<String> told = new java.util.ArrayList<>();
    Runnable closed = table.whenGone("a", true, () -> told.add("closed"));
    table.whenGone("a", true, () -> told.add("get"));
    table.whenGone("a", false, () -> told.add("post"));
    closed.run(); // its answer came

    table.sweep();
    assertThat(told).as("not silent yet").isEmpty();
    now.addAndGet(1_500_000_000L);
    table.sweep();
    assertThat(told).containsExactly("get");
    table.sweep();
    assertThat(told).as("once").containsExactly("get");

    table.remove("a");
    assertThat(told).containsExactly("get", "post");
    table.whenGone("a", false, () -> told.add("late"));
    assertThat(told).as("an unknown node is gone already").endsWith("late");
  }

  @Test
  void aNodeReportingMoreInFlightForItsCapacityGetsFewerDecisions() {
    report("a", 2, 8);
    report("b", 6, 8);
    List<String> burst = decisions(12);
    // a is filled up to b's level first, then they share: (2 + 8) and (6 + 4) in flight, 8 decisions to 4
    assertThat(burst.subList(0, 4)).containsOnly("a");
    assertThat(count(burst, "a")).as("decisions %s", burst).isEqualTo(8);
    assertThat(count(burst, "b")).as("decisions %s", burst).isEqualTo(4);

    report("a", 2, 8); // our 8 on a and 4 on b are answered
    report("b", 6, 8); // b still has the 6 of others
    for (int i = 0; i < 20; i++) {
      String chosen = table.select("proxy");
      assertThat(chosen).as("request %d, each answered before the next", i).isEqualTo("a");
      table.end(chosen);
    }
  }

  @Test
  void aNodeWithFourTimesTheCapacityGetsFourTimesTheDecisions() {
    report("small", 0, 4);
    report("large", 0, 16);
    List<String> first = decisions(10); // in flight 2 of 4 and 8 of 16: both half full
    assertThat(count(first, "small")).as("decisions %s", first).isEqualTo(2);
    assertThat(count(first, "large")).as("decisions %s", first).isEqualTo(8);
    assertThat(first.subList(0, 3)).as("large is emptier until it holds 3 of 16").containsOnly("large");
    List<String> more = decisions(15); // 5 of 4 and 20 of 16: both at 125 %
    assertThat(count(more, "small")).as("decisions %s", more).isEqualTo(3);
    assertThat(count(more, "large")).as("decisions %s", more).isEqualTo(12);

    report("small", 3, 4); // the same in flight on both: the larger node is the less loaded
    report("large", 3, 16);
    for (int i = 0; i < 20; i++) {
      String chosen = table.select("proxy");
      assertThat(chosen).isEqualTo("large");
      table.end(chosen);
    }
  }

  /**
   * Two nodes of capacity 4 that report every 250 ms; between two reports the fast one answers everything it was
   * sent, the slow one a single request of ours, while it also works on 2 requests of another proxy all along (its
   * reports count them, our own count cannot; it reports the higher latency too, so ties go to the fast one). The
   * proxy decides 8 requests per round. The slow node's reports show what it has not finished, so it is sent fewer
   * and fewer, until it gets exactly what it finishes: one per round.
   */
  @Test
  void aSlowNodeWhoseReportsShowMoreInFlightGetsOnlyWhatItFinishes() {
    Map<String, Integer> inFlight = new HashMap<>(Map.of("fast", 0, "slow", 0));
    List<String> perRound = new ArrayList<>();
    for (int round = 0; round < 8; round++) {
      now.addAndGet(250_000_000L);
      report("fast", inFlight.get("fast"), 4, 5.0);
      report("slow", inFlight.get("slow") + 2, 4, 20.0);
      List<String> sent = decisions(8);
      perRound.add(count(sent, "fast") + "/" + count(sent, "slow"));
      sent.forEach(node -> inFlight.merge(node, 1, Integer::sum));
      for (int i = inFlight.get("fast"); i > 0; i--) { // fast: all answered by the next report
        table.end("fast");
      }
      inFlight.put("fast", 0);
      if (inFlight.get("slow") > 0) { // slow: one answered
        table.end("slow");
        inFlight.merge("slow", -1, Integer::sum);
      }
    }
    // the fast node is filled up to the slow one's reported level (2, 4, 5, 5 ...), then they share what is left
    assertThat(perRound).as("fast/slow decisions per round")
      .containsExactly("5/3", "6/2", "7/1", "7/1", "7/1", "7/1", "7/1", "7/1");
    assertThat(inFlight.get("slow")).as("our requests the slow node has not finished: it keeps up").isEqualTo(3);
  }

  @Test
  void aNodeSilentForTheStalenessIsStillACandidateAndOneNanosecondLaterItIsOut() {
    report("quiet", 0, 8);
    report("busy", 7, 8);
    now.addAndGet(1_000_000_000L); // exactly 1 s of silence from both
    assertThat(table.select("proxy")).isEqualTo("quiet");
    assertThat(table.anyCandidate()).isTrue();
    now.incrementAndGet();
    assertThat(table.select("proxy")).isNull();
    assertThat(table.anyCandidate()).isFalse();
    report("busy", 7, 8);
    assertThat(decisions(5)).as("only the node that reports again").containsOnly("busy");
  }

  @Test
  void amongEqualLoadsTheLocalNodeWinsThenTheRemoteNodesTakeTurns() {
    report("far", 0, 8, 2.0);
    report("near", 0, 8, 9.0);
    report("local", 0, 8, 30.0);
    // equal loads at every step: local, then the two remote ones in turn, then local again once all hold one
    List<String> d = decisions("local", 6);
    assertThat(d.get(0)).isEqualTo("local");
    assertThat(d.subList(1, 3)).containsExactlyInAnyOrder("far", "near");
    assertThat(d.get(3)).isEqualTo("local");
    assertThat(d.subList(4, 6)).containsExactlyInAnyOrder("far", "near");
  }

  /** The case: sequential traffic (one request in flight at a time) over three idle nodes spreads evenly. */
  @Test
  void sequentialRequestsOverIdleNodesTakeTurnsInsteadOfStickingToOne() {
    report("a", 0, 8, 1.0);
    report("b", 0, 8, 5.0);
    report("c", 0, 8, 50.0);
    Map<String, Integer> picks = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      String node = table.select("proxy");
      picks.merge(node, 1, Integer::sum);
      table.end(node); // answered before the next one is sent
    }
    assertThat(picks).containsEntry("a", 100).containsEntry("b", 100).containsEntry("c", 100);
  }

  @Test
  void turnsAmongTiedNodesAreWeightedByCapacity() {
    report("small", 1, 8); // (1 + 1) / 8
    report("large", 3, 16); // (3 + 1) / 16: the same load
    Map<String, Integer> picks = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      String node = table.select("proxy");
      picks.merge(node, 1, Integer::sum);
      table.end(node);
    }
    assertThat(picks).containsEntry("small", 100).containsEntry("large", 200);
  }

  @Test
  void sequentialRequestsStayOnTheLocalNodeWhileItIsIdle() {
    report("local", 0, 8);
    report("remote", 0, 8);
    for (int i = 0; i < 20; i++) {
      String node = table.select("local");
      assertThat(node).isEqualTo("local");
      table.end(node);
    }
  }
}
