package com.interview.testing;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waiting for a condition without sleeping a guessed time: ask again until it holds or a deadline passes. */
public final class Poll {

  private Poll() {
  }

  /**
   * Calls {@code probe} until {@code done} accepts its value or {@code within} has passed, pausing
   * {@code every} between calls; returns the last value (the caller asserts on it).
   */
  public static <T> T until(Supplier<T> probe, Predicate<T> done, Duration within, Duration every) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      T value = probe.get();
      if (done.test(value) || System.nanoTime() > deadline) {
        return value;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(every.toNanos());
    }
  }

  /** {@link #until(Supplier, Predicate, Duration, Duration)} asking every 20 ms. */
  public static <T> T until(Supplier<T> probe, Predicate<T> done, Duration within) {
    return until(probe, done, within, Duration.ofMillis(20));
  }
}
