package com.interview.proxy.health;

import com.interview.proxy.chain.ProxyExchange;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;

/**
 * {@code GET /health} on the public port: a terse {@code {"status":"UP"}} (200) or {@code {"status":"DOWN"}} (503)
 * for load balancers and uptime checks; the detail lives on the management port. The verdict is reused for
 * {@code cacheMillis}, so a public endpoint cannot be used to hammer the database. Shared by every proxy
 * instance of the JVM.
 */
public final class PublicHealthEndpoint {

  private static final Buffer UP = Buffer.buffer("{\"status\":\"UP\"}");
  private static final Buffer DOWN = Buffer.buffer("{\"status\":\"DOWN\"}");
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");

  private final Readiness readiness;
  private final long cacheNanos;
  private volatile long checkedAt;
  private volatile boolean lastVerdict;
  private volatile boolean checked;

  public PublicHealthEndpoint(Readiness readiness, long cacheMillis) {
    this.readiness = readiness;
    this.cacheNanos = cacheMillis * 1_000_000L;
  }

  public void handle(ProxyExchange exchange) {
    HttpMethod method = exchange.request().method();
    if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
      exchange.response().headers().set(HttpHeaders.ALLOW, "GET, HEAD");
      exchange.fail(new com.interview.proxy.chain.ProxyFailure(405, "method_not_allowed", "Use GET."));
      return;
    }
    long now = System.nanoTime();
    if (checked && now - checkedAt < cacheNanos) {
      answer(exchange, lastVerdict);
      return;
    }
    readiness.check().onComplete(ar -> {
      boolean up = ar.succeeded() && Boolean.TRUE.equals(ar.result());
      lastVerdict = up;
      checkedAt = System.nanoTime();
      checked = true;
      answer(exchange, up);
    });
  }

  private static void answer(ProxyExchange exchange, boolean up) {
    if (exchange.ended()) {
      return;
    }
    HttpServerResponse response = exchange.response();
    response.setStatusCode(up ? 200 : 503);
    response.headers().set(HttpHeaders.CONTENT_TYPE, JSON).set(HttpHeaders.CACHE_CONTROL, NO_STORE);
    exchange.respond(exchange.request().method() == HttpMethod.HEAD ? Buffer.buffer() : (up ? UP : DOWN));
  }
}
