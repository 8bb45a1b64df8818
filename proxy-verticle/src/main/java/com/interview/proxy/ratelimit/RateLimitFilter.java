package com.interview.proxy.ratelimit;

import com.interview.proxy.chain.ProxyExchange;
import com.interview.proxy.chain.ProxyFailure;
import com.interview.proxy.chain.ProxyFilter;
import com.interview.proxy.metrics.ProxyMetrics;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;

import java.util.HashMap;
import java.util.Map;

/**
 * Applies the route's rate-limit zone to the client address. The limiter decides; this filter answers: a pass
 * goes on, a delay holds the request (its body stays unread) and then goes on, a rejection is answered with
 * {@code proxy.limitStatus} (429 by default, nginx's {@code limit_req_status}), {@code Retry-After} and the IETF
 * draft {@code RateLimit-Policy} / {@code RateLimit} headers.
 */
public final class RateLimitFilter implements ProxyFilter {

  private final Vertx vertx;
  private final Map<String, GcraLimiter> limiters;
  private final Map<String, ClusterLimiter> clusterLimiters;
  private final int status;
  private final Map<String, Counter> rejected = new HashMap<>();
  private final Map<String, Counter> delayed = new HashMap<>();

  public RateLimitFilter(Vertx vertx, Map<String, GcraLimiter> limiters, int status, ProxyMetrics metrics) {
    this(vertx, limiters, Map.of(), status, metrics);
  }

  /** {@code clusterLimiters}: the zones with {@code scope: cluster} (decided in Redis), by name. */
  public RateLimitFilter(Vertx vertx, Map<String, GcraLimiter> limiters, Map<String, ClusterLimiter> clusterLimiters,
                         int status, ProxyMetrics metrics) {
    this.vertx = vertx;
    this.limiters = limiters;
    this.clusterLimiters = clusterLimiters;
    this.status = status;
    for (String zone : limiters.keySet()) {
      rejected.put(zone, metrics.rateLimited(zone));
      delayed.put(zone, metrics.rateDelayed(zone));
    }
  }

  @Override
  public void onRequest(ProxyExchange exchange) {
    String zone = exchange.route() == null ? null : exchange.route().config().limit();
    GcraLimiter limiter = zone == null ? null : limiters.get(zone);
    if (limiter == null) {
      exchange.proceed();
      return;
    }
    ClusterLimiter shared = clusterLimiters.isEmpty() ? null : clusterLimiters.get(zone);
    if (shared != null) {
      shared.acquire(exchange.clientAddress()).onComplete(ar -> {
        if (!exchange.ended()) {
          apply(exchange, zone, limiter.zone(), ar.result());
        }
      });
      return;
    }
    apply(exchange, zone, limiter.zone(), limiter.acquire(exchange.clientAddress()));
  }

  private void apply(ProxyExchange exchange, String zone, LimitZone config, LimitDecision d) {
    switch (d.kind()) {
      case ALLOW -> exchange.proceed();
      case DELAY -> {
        delayed.get(zone).increment();
        vertx.setTimer(d.delayMillis(), t -> {
          if (!exchange.ended()) {
            exchange.proceed();
          }
        });
      }
      case REJECT -> {
        rejected.get(zone).increment();
        reject(exchange, config, d);
      }
    }
  }

  private void reject(ProxyExchange exchange, LimitZone zone, LimitDecision d) {
    MultiMap h = exchange.responseHeaders();
    long retrySeconds = Math.max(1, (d.retryAfterMillis() + 999) / 1000);
    h.set("Retry-After", Long.toString(retrySeconds));
    h.set("RateLimit-Policy", "\"" + zone.name() + "\";q=" + zone.rate().requests() + ";w=" + zone.rate().perSeconds()
      + ";burst=" + zone.burst());
    h.set("RateLimit", "\"" + zone.name() + "\";r=0;t=" + retrySeconds);
    exchange.fail(new ProxyFailure(status, "rate_limited",
      "Too many requests for this route from your address; retry after " + retrySeconds + " s."));
  }
}
