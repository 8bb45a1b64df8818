package com.interview.proxy.transport;

import com.interview.proxy.chain.ProxyExchange;

/**
 * Carries an exchange to the API and its answer back: the last step of the chain for upstream routes. One
 * interface, two transports ({@link BusForwarder}, and HTTP to upstream servers); every filter applies to both.
 * A forwarder answers every exchange exactly once: the upstream's response, or a {@code ProxyFailure}
 * (502 unreachable, 504 too slow).
 */
public interface Forwarder {

  void forward(ProxyExchange exchange);
}
