package com.interview.proxy.headers;

import com.interview.proxy.ProxyVerticle;
import com.interview.proxy.chain.ProxyExchange;
import com.interview.proxy.chain.ProxyFilter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.HostAndPort;

import java.util.function.IntSupplier;

/**
 * {@code proxy.tls.redirectHttp}: a plain-HTTP request is answered 301 to the same URL on https (nginx
 * {@code return 301 https://$host$request_uri}); {@code /health} stays reachable over HTTP for load balancers.
 */
public final class HttpsRedirectFilter implements ProxyFilter {

  private final IntSupplier httpsPort;

  /** {@code httpsPort}: the port actually bound, asked per request (the configured one may be 0, any free port). */
  public HttpsRedirectFilter(IntSupplier httpsPort) {
    this.httpsPort = httpsPort;
  }

  @Override
  public void onRequest(ProxyExchange exchange) {
    if (exchange.isSSL() || ProxyVerticle.HEALTH_PATH.equals(exchange.path())) {
      exchange.proceed();
      return;
    }
    HostAndPort authority = exchange.authority();
    String host = authority == null ? "localhost" : authority.host();
    int port = httpsPort.getAsInt();
    String location = "https://" + host + (port == 443 ? "" : ":" + port) + exchange.uri();
    exchange.statusCode(301);
    exchange.responseHeaders().set(HttpHeaders.LOCATION, location);
    exchange.respond(Buffer.buffer());
  }
}
