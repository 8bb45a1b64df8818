package com.interview.proxy.chain;

/**
 * The last step of the chain: forward the exchange upstream, serve a file, or answer a built-in endpoint.
 * It writes the response through {@link ProxyExchange#response()} after calling
 * {@link ProxyExchange#beforeResponse()} (done for it by {@link ProxyExchange#respond} and {@link ProxyExchange#fail}).
 */
@FunctionalInterface
public interface Terminal {
  void handle(ProxyExchange exchange);
}
