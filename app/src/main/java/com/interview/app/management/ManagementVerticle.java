package com.interview.app.management;

import com.interview.app.config.ManagementConfig;
import com.interview.proxy.balance.UpstreamGroup;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * The management port of a JVM: {@code GET /metrics} (Prometheus), {@code GET /health} (every check, detailed),
 * {@code /health/live} (the event loop answers), {@code /health/ready} (every check UP, else 503), {@code /admin}
 * ({@link AdminRoutes}). Keep it off the public network. While it runs, the health checks are also exported as
 * {@code app_health_ready} / {@code app_health_check_up{check}} ({@link HealthGauges}) when metrics are on.
 */
public final class ManagementVerticle extends VerticleBase {

  private final ManagementConfig config;
  private final NodeHealth health;
  private final String nodeId;
  private final UpstreamGroup upstreams;
  private final VerticleScaler scaler;
  private HttpServer server;
  private HealthGauges gauges;

  public ManagementVerticle(ManagementConfig config, NodeHealth health, String nodeId, UpstreamGroup upstreams,
                            VerticleScaler scaler) {
    this.config = config;
    this.health = health;
    this.nodeId = nodeId;
    this.upstreams = upstreams;
    this.scaler = scaler;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/metrics").handler(PrometheusScrapingHandler.create());
    router.get("/health/live").handler(rc -> json(rc, 200, new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(rc -> health.checks().checkStatus().onComplete(ar -> {
      CheckResult result = ar.succeeded() ? ar.result() : null;
      boolean up = result != null && result.getUp();
      json(rc, up ? 200 : 503, result == null ? new JsonObject().put("status", "DOWN") : result.toJson());
    }));
    // an exact route, not a sub-router: a sub-router's routes are labelled by their chain ("/health>/") in the
    // route label of vertx_http_server_* metrics
    router.get("/health").handler(HealthCheckHandler.createWithHealthChecks(health.checks()));
    new AdminRoutes(config.adminToken(), upstreams, scaler).mount(router);

    var ping = vertx.eventBus().<String>consumer(NodeHealth.PING_PREFIX + nodeId, m -> m.reply("pong"));
    server = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()))
      .requestHandler(router);
    return Future.all(ping.completion(), server.listen()).onSuccess(v -> {
      var registry = io.vertx.micrometer.backends.BackendRegistries.getDefaultNow();
      if (registry != null) { // null: metrics are off
        gauges = new HealthGauges(registry, health, nodeId);
        gauges.start(vertx);
      }
    });
  }

  @Override
  public Future<?> stop() {
    if (gauges != null) {
      gauges.stop(vertx);
    }
    return Future.succeededFuture();
  }

  private static void json(RoutingContext rc, int status, JsonObject body) {
    rc.response().setStatusCode(status)
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json;charset=UTF-8")
      .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
      .end(body.encode());
  }

  public int actualPort() {
    return server.actualPort();
  }
}
