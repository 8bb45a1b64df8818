package com.interview.proxy.transport;

import com.interview.proxy.chain.ProxyExchange;

/**
 * Chooses the API node an exchange is sent to over the event bus. Policy only: the {@link BusForwarder} is the
 * mechanism.
 */
@FunctionalInterface
public interface NodeSelector {

  /** The node id to send to, or null when no node is available. */
  String select(ProxyExchange exchange);

  /** Like {@link #select(ProxyExchange)}, avoiding the nodes already tried by this exchange. */
  default String select(ProxyExchange exchange, java.util.Set<String> tried) {
    String node = select(exchange);
    if (node != null && tried.contains(node)) {
      release(node);
      return null;
    }
    return node;
  }

  /** Tells the selector an exchange sent to {@code nodeId} is over (for in-flight accounting). */
  default void release(String nodeId) {
  }

  /**
   * Any API node of the cluster: the shared address {@code api.node.any}, which every API verticle also consumes;
   * the clustered event bus delivers round robin. For proxies without a load table.
   */
  static NodeSelector anyNode() {
    return exchange -> BusWire.ANY_NODE;
  }

  /** Always the API verticles of this JVM (role {@code all}, single node). */
  static NodeSelector local(String nodeId) {
    return exchange -> nodeId;
  }
}
