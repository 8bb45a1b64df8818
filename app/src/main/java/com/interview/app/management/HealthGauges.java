package com.interview.app.management;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;
import io.vertx.ext.healthchecks.CheckResult;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's health checks ({@link NodeHealth}) as Prometheus gauges, so that readiness can be alerted on:
 * {@code app_health_ready{node}} (1 while every check is UP, else 0) and {@code app_health_check_up{node,check}}
 * (1 UP, 0 DOWN; one series per check the node runs). The checks run every {@link #PERIOD_MS} on a timer, never on a
 * scrape: /metrics answers at once and shows the last outcome. A gauge appears with the first outcome of its check.
 *
 * <p>Every series carries {@code node} (the node id): several nodes in one JVM share vertx-micrometer's default
 * registry, and a gauge registered again under the same name and tags would read the first node's state. The gauges
 * leave the registry when the node stops.
 */
final class HealthGauges {

  /** How often the checks are evaluated for the gauges. */
  static final long PERIOD_MS = 5000;

  private static final Logger log = LoggerFactory.getLogger(HealthGauges.class);

  private final MeterRegistry registry;
  private final NodeHealth health;
  private final String nodeId;
  private final AtomicInteger ready = new AtomicInteger();
  private final Map<String, AtomicInteger> checks = new ConcurrentHashMap<>();
  private final List<Meter> meters = new CopyOnWriteArrayList<>();
  private final AtomicBoolean evaluating = new AtomicBoolean();
  private volatile boolean stopped;
  private Meter readyGauge;
  private long timer = -1;

  HealthGauges(MeterRegistry registry, NodeHealth health, String nodeId) {
    this.registry = registry;
    this.health = health;
    this.nodeId = nodeId;
  }

  /** Evaluates the checks now, then every {@link #PERIOD_MS}. */
  void start(Vertx vertx) {
    evaluate();
    timer = vertx.setPeriodic(PERIOD_MS, t -> evaluate());
  }

  void stop(Vertx vertx) {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    meters.forEach(registry::remove);
    meters.clear();
  }

  private void evaluate() {
    if (!evaluating.compareAndSet(false, true)) {
      return; // the previous evaluation waits for a slow check (at most management.healthTimeout): skip this turn
    }
    health.checks().checkStatus().onComplete(ar -> {
      evaluating.set(false);
      if (stopped) {
        return;
      }
      if (ar.failed()) {
        log.warn("health checks could not be evaluated for app_health_*: " + ar.cause());
        ready.set(0);
        return;
      }
      CheckResult result = ar.result();
      for (CheckResult check : result.getChecks()) {
        checks.computeIfAbsent(check.getId(), this::register).set(check.getUp() ? 1 : 0);
      }
      ready.set(result.getUp() ? 1 : 0);
      if (readyGauge == null) { // evaluations never overlap: one callback at a time
        readyGauge = Gauge.builder("app.health.ready", ready, AtomicInteger::get).tag("node", nodeId)
          .description("1 while every health check of the node is UP (GET /health/ready answers 200), else 0")
          .register(registry);
        meters.add(readyGauge);
      }
    });
  }

  private AtomicInteger register(String check) {
    AtomicInteger state = new AtomicInteger();
    meters.add(Gauge.builder("app.health.check.up", state, AtomicInteger::get).tags("node", nodeId, "check", check)
      .description("1 while the health check is UP, else 0").register(registry));
    return state;
  }
}
