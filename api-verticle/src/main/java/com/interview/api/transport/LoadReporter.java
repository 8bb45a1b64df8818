package com.interview.api.transport;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Publishes this node's load on {@code api.load} every {@link #PERIOD_MS} ms (and at once when asked, e.g. when the
 * node starts draining or gains instances), for every proxy of the cluster:
 * {@code {"node": id, "inFlight": n, "capacity": c, "latencyMs": ewma, "draining": bool}}.
 */
public final class LoadReporter {

  /** Address of the load reports (the proxy's {@code NodeLoad.ADDRESS}). */
  public static final String ADDRESS = "api.load";
  public static final long PERIOD_MS = 250;

  private final Vertx vertx;
  private final String nodeId;
  private final NodeLoadMeter meter;
  private long timer = -1;

  public LoadReporter(Vertx vertx, String nodeId, NodeLoadMeter meter) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.meter = meter;
  }

  public void start() {
    timer = vertx.setPeriodic(0, PERIOD_MS, t -> publish());
  }

  /** Publishes the current load now. */
  public void publish() {
    vertx.eventBus().publish(ADDRESS, new JsonObject()
      .put("node", nodeId)
      .put("inFlight", meter.inFlight())
      .put("capacity", meter.capacity())
      .put("latencyMs", Math.round(meter.latencyMs() * 100) / 100.0)
      .put("draining", meter.draining()));
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
