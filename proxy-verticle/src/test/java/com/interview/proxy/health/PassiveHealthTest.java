package com.interview.proxy.health;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** nginx's max_fails/fail_timeout arithmetic on a clock the test sets (ms). */
class PassiveHealthTest {

  private final PassiveHealth health = new PassiveHealth(3, 10_000);

  /** One attempt at {@code now}: chosen when available, then its outcome. Returns whether it was sent. */
  private boolean attempt(long now, boolean fails) {
    if (!health.available(now)) {
      return false;
    }
    health.chosen(now);
    if (fails) {
      health.failed(now);
    } else {
      health.succeeded();
    }
    return true;
  }

  @Test
  void maxFailsWithinFailTimeoutEjectEvenWithSuccessesBetween() {
    assertThat(attempt(1_000, false)).isTrue();
    assertThat(attempt(2_000, true)).isTrue();
    assertThat(attempt(3_000, false)).isTrue();
    assertThat(attempt(4_000, true)).isTrue();
    assertThat(attempt(5_000, false)).isTrue();
    assertThat(health.fails()).isEqualTo(2);
    assertThat(attempt(6_000, true)).isTrue();
    assertThat(health.available(6_001)).isFalse();
    assertThat(health.available(16_000)).as("fail_timeout after the last failure").isFalse();
    assertThat(health.available(16_001)).isTrue();
  }

  @Test
  void theEjectingFailureIsReportedOnce() {
    assertThat(health.failed(0)).isFalse();
    assertThat(health.failed(1)).isFalse();
    assertThat(health.failed(2)).isTrue();
    assertThat(health.failed(3)).as("already down").isFalse();
  }

  @Test
  void afterFailTimeoutOneProbeGoesAndItsFailureEjectsAgainAtOnce() {
    attempt(0, true);
    attempt(1, true);
    attempt(2, true);
    assertThat(attempt(5_000, false)).isFalse();
    assertThat(attempt(10_003, true)).as("the probe").isTrue();
    assertThat(attempt(10_004, false)).as("down again after one failed probe").isFalse();
    assertThat(health.unavailableFor(10_004)).isEqualTo(10_000);
  }

  @Test
  void aSuccessfulProbeForgetsTheFailures() {
    attempt(0, true);
    attempt(1, true);
    attempt(2, true);
    assertThat(attempt(10_003, false)).isTrue();
    assertThat(health.fails()).isZero();
    assertThat(attempt(10_004, true)).isTrue();
    assertThat(health.available(10_005)).as("1 of 3").isTrue();
  }

  @Test
  void aSuccessAfterAQuietFailTimeoutForgetsFailuresThatNeverEjected() {
    attempt(0, true);
    attempt(1, true);
    assertThat(attempt(5_000, false)).isTrue();
    assertThat(health.fails()).as("within fail_timeout: kept").isEqualTo(2);
    assertThat(attempt(10_002, false)).isTrue();
    assertThat(health.fails()).as("chosen after a quiet fail_timeout: forgotten").isZero();
  }

  @Test
  void maxFailsZeroNeverEjects() {
    PassiveHealth off = new PassiveHealth(0, 10_000);
    for (int i = 0; i < 10; i++) {
      assertThat(off.failed(i)).isFalse();
    }
    assertThat(off.available(10)).isTrue();
  }
}
