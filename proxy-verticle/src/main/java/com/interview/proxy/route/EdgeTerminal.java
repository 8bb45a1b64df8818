package com.interview.proxy.route;

import com.interview.proxy.chain.ProxyExchange;
import com.interview.proxy.chain.ProxyFailure;
import com.interview.proxy.chain.Terminal;
import com.interview.proxy.health.PublicHealthEndpoint;
import com.interview.proxy.transport.Forwarder;

/** The end of the chain: hands the exchange to what answers its route's kind. */
public final class EdgeTerminal implements Terminal {

  private final Forwarder forwarder;
  private final Terminal staticFiles;
  private final PublicHealthEndpoint health;

  public EdgeTerminal(Forwarder forwarder, Terminal staticFiles, PublicHealthEndpoint health) {
    this.forwarder = forwarder;
    this.staticFiles = staticFiles;
    this.health = health;
  }

  @Override
  public void handle(ProxyExchange exchange) {
    Route route = exchange.route();
    if (route == null) {
      exchange.fail(ProxyFailure.notFound());
      return;
    }
    switch (route.kind()) {
      case UPSTREAM -> forwarder.forward(exchange);
      case STATIC -> staticFiles.handle(exchange);
      case BUILT_IN -> health.handle(exchange);
    }
  }
}
