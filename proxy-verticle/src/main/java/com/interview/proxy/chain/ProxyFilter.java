package com.interview.proxy.chain;

/**
 * One concern of the edge (rate limit, request id, security headers, ...). Filters know nothing of their
 * neighbours; the {@link FilterChain} owns the order.
 *
 * <p>Request hooks run in chain order. A filter either lets the exchange go on with
 * {@link ProxyExchange#proceed()} (now or later, e.g. after a delay) or ends it with
 * {@link ProxyExchange#fail(ProxyFailure)} or by answering itself. Response hooks run in reverse order, only for
 * filters whose request hook ran, just before the response head is written — on forwarded responses, on the
 * proxy's own error answers and on static files alike. {@link #onEnd} runs once per exchange, in reverse order,
 * when the response is complete or the connection is gone: the place to release what {@code onRequest} took.
 */
public interface ProxyFilter {

  /** Inspects or changes the request; must end with {@code exchange.proceed()} or an answer. */
  void onRequest(ProxyExchange exchange);

  /** Inspects or changes the response head before it is written. */
  default void onResponse(ProxyExchange exchange) {
  }

  /** The exchange is over (response ended, or the client went away). */
  default void onEnd(ProxyExchange exchange) {
  }
}
