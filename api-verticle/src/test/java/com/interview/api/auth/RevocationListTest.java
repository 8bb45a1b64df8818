package com.interview.api.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bounded local copy: expiry by the token's time, and what happens when it is full. */
class RevocationListTest {

  @Test
  void anEntryIsRefusedUntilItsTimeAndForgottenByTheSweepAfterIt() {
    RevocationList list = new RevocationList(10);
    list.add("auth:deny:a", 2_000, 1_000);
    assertThat(list.refuses("auth:deny:a", 1_999)).isTrue();
    assertThat(list.refuses("auth:deny:a", 2_000)).isFalse();
    assertThat(list.refuses("auth:deny:other", 1_000)).isFalse();
    assertThat(list.sweep(1_999)).isEqualTo(1);
    assertThat(list.sweep(2_000)).isZero();
  }

  @Test
  void theLaterTimeWinsAndWhatAlreadyExpiredIsNotAdded() {
    RevocationList list = new RevocationList(10);
    list.add("k", 5_000, 1_000);
    list.add("k", 3_000, 1_000);
    assertThat(list.refuses("k", 4_000)).isTrue();
    list.add("old", 900, 1_000);
    assertThat(list.size()).isEqualTo(1);
  }

  @Test
  void whenFullTheExpiredGoFirstAndTheListStaysComplete() {
    RevocationList list = new RevocationList(3);
    list.add("a", 1_100, 1_000);
    list.add("b", 1_200, 1_000);
    list.add("c", 9_000, 1_000);
    list.add("d", 9_000, 1_500); // a and b have expired by now
    assertThat(list.size()).isEqualTo(2);
    assertThat(list.evicted()).isZero();
    assertThat(list.complete(1_500)).isTrue();
  }

  @Test
  void whenFullOfLiveEntriesThoseExpiringSoonestAreDroppedAndTheListIsIncompleteUntilTheyExpire() {
    RevocationList list = new RevocationList(10);
    for (int i = 1; i <= 10; i++) {
      list.add("k" + i, 10_000 + i, 0);
    }
    list.add("k11", 10_011, 0);
    assertThat(list.size()).isEqualTo(9); // down to 90 %
    assertThat(list.evicted()).isEqualTo(2);
    assertThat(list.refuses("k1", 0)).isFalse();
    assertThat(list.refuses("k2", 0)).isFalse();
    assertThat(list.refuses("k3", 0)).isTrue();
    assertThat(list.refuses("k11", 0)).isTrue();
    assertThat(list.complete(10_001)).as("k2 could still be presented").isFalse();
    assertThat(list.complete(10_002)).isTrue();
  }

  @Test
  void aCapacityBelowOneIsRefused() {
    assertThatThrownBy(() -> new RevocationList(0)).hasMessage("capacity: 0 (expected: >= 1)");
  }
}
