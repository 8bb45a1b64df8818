package com.interview.proxy.balance;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class LoadTableTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final LoadTable table = new LoadTable(1000, now::get);

  private void report(String node, int inFlight, int capacity) {
    table.report(new NodeLoad(node, inFlight, capacity, 5.0, false));
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
}
