package com.interview.proxy.chain;

import io.vertx.core.http.HttpServerRequest;

import java.util.List;

/**
 * The proxy as data: an ordered list of {@link ProxyFilter}s ending in a {@link Terminal}. Request hooks run in
 * list order; response hooks and end hooks run in reverse order, for the filters whose request hook ran. A filter
 * may short-circuit (answer itself); the terminal is then never reached.
 */
public final class FilterChain {

  private final ProxyFilter[] filters;
  private final Terminal terminal;

  public FilterChain(List<ProxyFilter> filters, Terminal terminal) {
    this.filters = filters.toArray(new ProxyFilter[0]);
    this.terminal = terminal;
  }

  /** Starts an exchange for {@code request}; the request rules among the filters choose its route. */
  public ProxyExchange start(HttpServerRequest request) {
    ProxyExchange exchange = new ProxyExchange(request, this);
    exchange.proceed();
    return exchange;
  }

  /** Starts an exchange on another client side (the lean path): {@code client} is made for the new exchange. */
  public ProxyExchange start(java.util.function.Function<ProxyExchange, ClientSide> client) {
    ProxyExchange exchange = new ProxyExchange(client, this);
    exchange.proceed();
    return exchange;
  }

  int size() {
    return filters.length;
  }

  void next(ProxyExchange exchange, int index) {
    if (index < filters.length) {
      filters[index].onRequest(exchange);
    } else if (index == filters.length) {
      terminal.handle(exchange);
    } else {
      throw new IllegalStateException("proceed() called twice on request " + exchange.requestId());
    }
  }

  void responseHooks(ProxyExchange exchange, int entered) {
    for (int i = entered - 1; i >= 0; i--) {
      filters[i].onResponse(exchange);
    }
  }

  void endHooks(ProxyExchange exchange, int entered) {
    for (int i = entered - 1; i >= 0; i--) {
      filters[i].onEnd(exchange);
    }
  }
}
