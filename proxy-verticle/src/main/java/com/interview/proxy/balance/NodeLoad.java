package com.interview.proxy.balance;

import io.vertx.core.json.JsonObject;

/**
 * One API node's load report, published every ~250 ms on {@code api.load}:
 * {@code {"node": id, "inFlight": n, "capacity": c, "latencyMs": ewma, "draining": bool}}.
 *
 * @param node      the node id (its {@code api.node.<id>} address)
 * @param inFlight  requests the node is working on
 * @param capacity  API verticle instances × concurrency per instance: how many it takes at once comfortably
 * @param latencyMs moving average of its answer time
 * @param draining  it is stopping: send it nothing new
 */
public record NodeLoad(String node, int inFlight, int capacity, double latencyMs, boolean draining) {

  /** The address load reports are published to. */
  public static final String ADDRESS = "api.load";

  public static NodeLoad fromJson(JsonObject json) {
    return new NodeLoad(json.getString("node"), json.getInteger("inFlight", 0), Math.max(1, json.getInteger("capacity", 1)),
      json.getDouble("latencyMs", 0.0), json.getBoolean("draining", false));
  }

  public JsonObject toJson() {
    return new JsonObject().put("node", node).put("inFlight", inFlight).put("capacity", capacity)
      .put("latencyMs", latencyMs).put("draining", draining);
  }
}
