package com.interview.proxy.health;

import com.interview.proxy.chain.ProxyExchange;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;

/**
 * {@code GET /health} on the public port: a terse {@code {"status":"UP"}} (200) or {@code {"status":"DOWN"}} (503)
 * for load balancers and uptime checks; the detail lives on the management port. A probe is answered from the last
 * verdict: once it is older than {@code cacheMillis} the probe still gets it at once and a fresh check starts
 * behind it (one at a time), so a slow dependency never makes a probe wait and a public endpoint cannot be used to
 * hammer one. Only the very first probe waits for a verdict. Shared by every proxy instance of the JVM.
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
  /** A verdict older than this many cache periods is not given without a fresh check. */
  private static final int STALE_FACTOR = 10;
  private Promise<Void> running; // the check under way, guarded by this

  public PublicHealthEndpoint(Readiness readiness, long cacheMillis) {
    this.readiness = readiness;
    this.cacheNanos = cacheMillis * 1_000_000L;
  }

  public void handle(ProxyExchange exchange) {
    HttpMethod method = exchange.method();
    if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
      exchange.responseHeaders().set(HttpHeaders.ALLOW, "GET, HEAD");
      exchange.fail(new com.interview.proxy.chain.ProxyFailure(405, "method_not_allowed", "Use GET."));
      return;
    }
    long now = System.nanoTime();
    long age = now - checkedAt;
    if (checked && age < STALE_FACTOR * cacheNanos) {
      answer(exchange, lastVerdict);
      if (age >= cacheNanos) {
        refresh(null);
      }
      return;
    }
    refresh(exchange); // no verdict yet, or one too old to give: this probe waits for the check
  }

  /** Runs the readiness check unless one is running; answers {@code waiting} (may be null) once it is done. */
  private void refresh(ProxyExchange waiting) {
    Context context = Vertx.currentContext(); // the probe's event loop: its exchange is answered there
    Promise<Void> check;
    boolean start;
    synchronized (this) {
      start = running == null;
      if (start) {
        running = Promise.promise();
      }
      check = running;
    }
    if (waiting != null) {
      check.future().onComplete(ar -> onContext(context, () -> answer(waiting, lastVerdict)));
    }
    if (start) {
      readiness.check().onComplete(ar -> {
        lastVerdict = ar.succeeded() && Boolean.TRUE.equals(ar.result());
        checkedAt = System.nanoTime();
        checked = true;
        synchronized (this) {
          running = null;
        }
        check.complete();
      });
    }
  }

  private static void onContext(Context context, Runnable r) {
    if (context == null || context == Vertx.currentContext()) {
      r.run();
    } else {
      context.runOnContext(v -> r.run());
    }
  }

  private static void answer(ProxyExchange exchange, boolean up) {
    if (exchange.ended()) {
      return;
    }
    exchange.statusCode(up ? 200 : 503);
    exchange.responseHeaders().set(HttpHeaders.CONTENT_TYPE, JSON).set(HttpHeaders.CACHE_CONTROL, NO_STORE);
    exchange.respond(exchange.method() == HttpMethod.HEAD ? Buffer.buffer() : (up ? UP : DOWN));
  }
}
