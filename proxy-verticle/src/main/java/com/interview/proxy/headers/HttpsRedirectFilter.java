package com.interview.proxy.headers;

import com.interview.proxy.ProxyVerticle;
import com.interview.proxy.chain.ProxyExchange;
import com.interview.proxy.chain.ProxyFilter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.HostAndPort;

/**
 * {@code proxy.tls.redirectHttp}: a plain-HTTP request is answered 301 to the same URL on https (nginx
 * {@code return 301 https://$host$request_uri}); {@code /health} stays reachable over HTTP for load balancers.
 */
public final class HttpsRedirectFilter implements ProxyFilter {

  private final int httpsPort;

  public HttpsRedirectFilter(int httpsPort) {
    this.httpsPort = httpsPort;
  }

  @Override
  public void onRequest(ProxyExchange exchange) {
    if (exchange.request().isSSL() || ProxyVerticle.HEALTH_PATH.equals(exchange.request().path())) {
      exchange.proceed();
      return;
    }
    HostAndPort authority = exchange.request().authority();
    String host = authority == null ? "localhost" : authority.host();
    String location = "https://" + host + (httpsPort == 443 ? "" : ":" + httpsPort) + exchange.request().uri();
    exchange.response().setStatusCode(301).headers().set(HttpHeaders.LOCATION, location);
    exchange.respond(Buffer.buffer());
  }
}
