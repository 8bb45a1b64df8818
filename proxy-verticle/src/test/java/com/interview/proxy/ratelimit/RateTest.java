package com.interview.proxy.ratelimit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateTest {

  @Test
  void parsesPerSecondAndPerMinuteLikeNginx() {
    assertThat(Rate.parse("10r/s")).isEqualTo(new Rate(10, 1));
    assertThat(Rate.parse("5r/m")).isEqualTo(new Rate(5, 60));
    assertThat(Rate.parse("10r/s").emissionIntervalNanos()).isEqualTo(100_000_000L);
    assertThat(Rate.parse("2r/m").emissionIntervalNanos()).isEqualTo(30_000_000_000L);
    assertThat(Rate.parse("5r/m")).hasToString("5r/m");
  }

  @Test
  void refusesWhatNginxRefuses() {
    for (String bad : new String[] {"10", "10r/h", "r/s", "0r/s", "-1r/s", "10 r/s", "99999999999999999999r/s"}) {
      assertThatThrownBy(() -> Rate.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10r/s or 5r/m");
    }
  }
}
