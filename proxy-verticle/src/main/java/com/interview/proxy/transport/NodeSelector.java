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

  /** Whether {@code nodeId} is this JVM (its requests and answers need not be copied). */
  default boolean isLocal(String nodeId) {
    return false;
  }

  /**
   * Runs {@code onGone} (once, on any thread) if {@code nodeId} leaves the cluster — or, with {@code orSilent},
   * stops reporting its load — while the returned registration is open; running the returned action closes it.
   */
  default Runnable whenGone(String nodeId, boolean orSilent, Runnable onGone) {
    return () -> { };
  }

  /** Always the API verticles of this JVM (role {@code all}, single node). */
  static NodeSelector local(String nodeId) {
    return new NodeSelector() {
      @Override
      public String select(ProxyExchange exchange) {
        return nodeId;
      }

      @Override
      public boolean isLocal(String node) {
        return nodeId.equals(node);
      }
    };
  }
}
