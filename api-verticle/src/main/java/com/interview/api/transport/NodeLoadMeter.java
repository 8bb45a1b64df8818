package com.interview.api.transport;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * This API node's load, as proxies need it to choose: requests in flight (every request the dispatcher works on,
 * whichever transport brought it), capacity (running API verticle instances × concurrency per instance), a moving
 * average of answer times, and whether the node is draining. Thread-safe; one per JVM.
 */
public final class NodeLoadMeter {

  /** Weight of the newest sample in the latency average. */
  static final double ALPHA = 0.2;

  private final int perInstance;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger instances = new AtomicInteger();
  private final AtomicBoolean draining = new AtomicBoolean();
  private volatile double latencyMs;

  public NodeLoadMeter(int concurrencyPerInstance) {
    this.perInstance = concurrencyPerInstance;
  }

  /** A request started; returns its start time for {@link #end}. */
  public long begin() {
    inFlight.incrementAndGet();
    return System.nanoTime();
  }

  public void end(long startedNanos) {
    inFlight.decrementAndGet();
    double ms = (System.nanoTime() - startedNanos) / 1e6;
    synchronized (this) {
      latencyMs = latencyMs == 0 ? ms : ALPHA * ms + (1 - ALPHA) * latencyMs;
    }
  }

  public int inFlight() {
    return inFlight.get();
  }

  public void instanceStarted() {
    instances.incrementAndGet();
  }

  public void instanceStopped() {
    instances.decrementAndGet();
  }

  public int instances() {
    return instances.get();
  }

  public int capacity() {
    return Math.max(1, instances.get() * perInstance);
  }

  public double latencyMs() {
    return latencyMs;
  }

  public void drain() {
    draining.set(true);
  }

  public boolean draining() {
    return draining.get();
  }
}
