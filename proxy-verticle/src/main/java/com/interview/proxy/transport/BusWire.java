package com.interview.proxy.transport;

/**
 * The HTTP-over-event-bus convention between proxies and API nodes — the whole contract, no shared Java types.
 *
 * <p>Request: one message sent to {@code api.node.<nodeId>} (or {@code api.node.any}: any node); body = the request body (a {@code Buffer}, absent
 * when there is none); message headers = the request headers (hop-by-hop removed, {@code X-Forwarded-*},
 * {@code X-Real-IP} and {@code X-Request-Id} set by the proxy) plus the pseudo-headers
 * {@code :method}, {@code :path} (path and query, as received), {@code :authority} (the client's Host),
 * {@code :scheme} ({@code http}/{@code https}) and {@code :client} (the client address the proxy resolved).
 *
 * <p>Reply: body = the response body; headers = the response headers plus {@code :status}. A failed message
 * (no handler, timeout) means the API never answered: the proxy maps it to 502 or 504.
 */
public final class BusWire {

  /** Address prefix of an API node: {@code api.node.<nodeId>}. */
  public static final String NODE_ADDRESS_PREFIX = "api.node.";
  /** The node id meaning "any node": every API verticle also consumes {@code api.node.any}. */
  public static final String ANY_NODE = "any";
  public static final String METHOD = ":method";
  public static final String PATH = ":path";
  public static final String AUTHORITY = ":authority";
  public static final String SCHEME = ":scheme";
  public static final String CLIENT = ":client";
  public static final String STATUS = ":status";

  private BusWire() {
  }

  public static String nodeAddress(String nodeId) {
    return NODE_ADDRESS_PREFIX + nodeId;
  }
}
