package com.interview.proxy.ratelimit;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static com.interview.proxy.ratelimit.LimitDecision.Kind.ALLOW;
import static com.interview.proxy.ratelimit.LimitDecision.Kind.DELAY;
import static com.interview.proxy.ratelimit.LimitDecision.Kind.REJECT;
import static org.assertj.core.api.Assertions.assertThat;

/** Exact sequences of nginx {@code limit_req} (ngx_http_limit_req_module, integer milli-requests per ms). */
class GcraLimiterTest {

  private final AtomicLong now = new AtomicLong(1_000_000);

  private GcraLimiter limiter(String rate, int burst, boolean nodelay) {
    return new GcraLimiter(new LimitZone("z", Rate.parse(rate), burst, nodelay, LimitZone.Scope.LOCAL), 1000, now::get);
  }

  private List<LimitDecision.Kind> burstOf(GcraLimiter l, int n) {
    List<LimitDecision.Kind> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(l.acquire("10.0.0.1").kind());
    }
    return out;
  }

  @Test
  void withoutBurstOneRequestPerEmissionInterval() {
    GcraLimiter l = limiter("10r/s", 0, true);
    assertThat(burstOf(l, 2)).containsExactly(ALLOW, REJECT);
    now.addAndGet(99);
    assertThat(l.acquire("10.0.0.1").kind()).isEqualTo(REJECT);
    now.addAndGet(1); // 100 ms after the first: drained exactly
    assertThat(l.acquire("10.0.0.1").kind()).isEqualTo(ALLOW);
    now.addAndGet(50);
    assertThat(l.acquire("10.0.0.1").kind()).isEqualTo(REJECT);
  }

  @Test
  void nodelayPassesTheBurstAtOnceThenRejects() {
    GcraLimiter l = limiter("10r/s", 20, true);
    List<LimitDecision.Kind> first = burstOf(l, 22);
    assertThat(first.subList(0, 21)).containsOnly(ALLOW);
    assertThat(first.get(21)).isEqualTo(REJECT);
    LimitDecision rejected = l.acquire("10.0.0.1");
    assertThat(rejected.retryAfterMillis()).isEqualTo(100); // one emission interval until one more fits
    now.addAndGet(100);
    assertThat(burstOf(l, 2)).containsExactly(ALLOW, REJECT);
  }

  @Test
  void delayModeHoldsBurstRequestsToTheRate() {
    GcraLimiter l = limiter("10r/s", 5, false);
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      LimitDecision d = l.acquire("k");
      assertThat(d.kind()).isEqualTo(i == 0 ? ALLOW : DELAY);
      delays.add(d.delayMillis());
    }
    assertThat(delays).containsExactly(0L, 100L, 200L, 300L, 400L, 500L);
    assertThat(l.acquire("k").kind()).isEqualTo(REJECT);
  }

  @Test
  void perMinuteRatesTruncateLikeNginx() {
    GcraLimiter l = limiter("5r/m", 3, true); // 5000/60 = 83 milli-requests per second
    assertThat(burstOf(l, 5)).containsExactly(ALLOW, ALLOW, ALLOW, ALLOW, REJECT);
    now.addAndGet(12_000); // 3000 - 83*12 + 1000 = 3004 > 3000: not yet
    assertThat(l.acquire("10.0.0.1").kind()).isEqualTo(REJECT);
    now.addAndGet(100); // 3000 - 83*12.1 + 1000 = 2996
    assertThat(l.acquire("10.0.0.1").kind()).isEqualTo(ALLOW);
  }

  @Test
  void keysAreIndependent() {
    GcraLimiter l = limiter("1r/s", 0, true);
    assertThat(l.acquire("a").kind()).isEqualTo(ALLOW);
    assertThat(l.acquire("b").kind()).isEqualTo(ALLOW);
    assertThat(l.acquire("a").kind()).isEqualTo(REJECT);
  }

  @Test
  void aRejectionChangesNothing() {
    GcraLimiter l = limiter("10r/s", 1, true);
    assertThat(burstOf(l, 2)).containsExactly(ALLOW, ALLOW);
    for (int i = 0; i < 50; i++) {
      assertThat(l.acquire("10.0.0.1").kind()).isEqualTo(REJECT); // hammering does not push the window out
    }
    now.addAndGet(100);
    assertThat(l.acquire("10.0.0.1").kind()).isEqualTo(ALLOW);
  }

  @Test
  void memoryIsBoundedAndDrainedKeysExpire() {
    GcraLimiter capped = new GcraLimiter(new LimitZone("z", Rate.parse("1r/s"), 5, true, LimitZone.Scope.LOCAL), 3, now::get);
    for (int i = 0; i < 100; i++) {
      capped.acquire("10.0.0." + i);
      capped.acquire("10.0.0." + i);
    }
    assertThat(capped.size()).isEqualTo(3);

    GcraLimiter l = limiter("10r/s", 5, true);
    for (int i = 0; i < 10; i++) {
      l.acquire("10.1.0." + i);
      l.acquire("10.1.0." + i);
    }
    assertThat(l.size()).isEqualTo(10);
    now.addAndGet(GcraLimiter.IDLE_MILLIS); // every bucket has drained and been idle for a minute
    for (int i = 0; i < 5; i++) {
      l.acquire("10.2.0.1");
    }
    assertThat(l.size()).isLessThanOrEqualTo(1);
  }
}
