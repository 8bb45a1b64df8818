package com.interview.proxy.transport;

import com.interview.proxy.chain.ProxyExchange;
import io.netty.handler.codec.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;

/**
 * Carries an exchange to the API and its answer back: the last step of the chain for upstream routes. One
 * interface, two transports ({@link BusForwarder}, and HTTP to upstream servers); every filter applies to both.
 * A forwarder answers every exchange exactly once: the upstream's response, or a {@code ProxyFailure}
 * (502 unreachable, 504 too slow).
 */
public interface Forwarder {

  void forward(ProxyExchange exchange);

  /**
   * Whether this forwarder carries an exchange of the lean path ({@code LeanPath}: HTTP/1.x, no body) with this
   * {@code method} and request {@code headers} (read only when needed: this is asked per request); if not, Vert.x's
   * server carries it. Every such exchange by default.
   */
  default boolean carriesLean(HttpMethod method, HttpHeaders headers) {
    return true;
  }
}
