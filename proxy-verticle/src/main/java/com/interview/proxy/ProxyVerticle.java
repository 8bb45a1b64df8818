package com.interview.proxy;

import com.interview.proxy.chain.FilterChain;
import com.interview.proxy.chain.ProxyFailure;
import com.interview.proxy.chain.ProxyFilter;
import com.interview.proxy.config.ProxyConfig;
import com.interview.proxy.headers.ForwardedHeadersFilter;
import com.interview.proxy.headers.RequestIdFilter;
import com.interview.proxy.headers.SecurityHeadersFilter;
import com.interview.proxy.route.EdgeTerminal;
import com.interview.proxy.route.Route;
import com.interview.proxy.route.RouteConfig;
import com.interview.proxy.route.RouteTable;
import com.interview.proxy.transport.BodyReader;
import com.interview.proxy.transport.BusForwarder;
import com.interview.proxy.transport.Forwarder;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One proxy instance: an HTTP server on the public port (shared by all instances of the JVM) whose requests run
 * through the {@link FilterChain}. All per-JVM state comes from {@link ProxyShared}.
 */
public final class ProxyVerticle extends VerticleBase {

  /** The exact path of the public health endpoint. */
  public static final String HEALTH_PATH = "/health";

  private final ProxyShared shared;
  private HttpServer server;
  private RouteTable routes;
  private Route healthRoute;
  private FilterChain chain;

  public ProxyVerticle(ProxyShared shared) {
    this.shared = shared;
  }

  @Override
  public Future<?> start() {
    ProxyConfig config = shared.config();
    List<Route> table = new ArrayList<>();
    for (RouteConfig rc : config.routes()) {
      table.add(new Route(rc, rc.isStatic() ? Route.Kind.STATIC : Route.Kind.UPSTREAM));
    }
    routes = new RouteTable(table);
    healthRoute = new Route(new RouteConfig(HEALTH_PATH, null, 0, List.of(), null), Route.Kind.BUILT_IN);

    Forwarder forwarder = new BusForwarder(vertx, shared.nodeSelector(), config.timeouts());
    List<ProxyFilter> filters = List.of(
      new RequestIdFilter(),
      new SecurityHeadersFilter(config.headers()),
      new ForwardedHeadersFilter(config.trustedProxies()));
    chain = new FilterChain(filters, new EdgeTerminal(forwarder,
      exchange -> exchange.fail(ProxyFailure.notFound()), shared.health()));

    HttpServerOptions options = new HttpServerOptions()
      .setHost(config.host())
      .setPort(config.port())
      .setIdleTimeout((int) config.keepAliveTimeout().toMillis())
      .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
      .setHttp2ClearTextEnabled(false); // like nginx on port 80: HTTP/1.1 in clear, HTTP/2 only over TLS
    server = vertx.createHttpServer(options).requestHandler(this::handle);
    return server.listen();
  }

  private void handle(HttpServerRequest request) {
    if (BodyReader.hasBody(request)) {
      request.pause(); // filters may decide later; the body waits for the forwarder
    }
    String path = request.path();
    Route route = HEALTH_PATH.equals(path) ? healthRoute : routes.match(path);
    if (route != null) {
      request.routed(route.label());
    }
    chain.start(request, route);
  }

  /** The port actually bound (differs from the configured one when that was 0). */
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture()
      : server.shutdown(shared.config().shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }
}
