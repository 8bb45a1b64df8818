package com.interview.proxy;

import com.interview.proxy.accesslog.AccessLogFilter;
import com.interview.proxy.chain.FilterChain;
import com.interview.proxy.chain.ProxyFilter;
import com.interview.proxy.config.ProxyConfig;
import com.interview.proxy.config.TlsConfig;
import com.interview.proxy.config.Transport;
import com.interview.proxy.connlimit.ConnectionGate;
import com.interview.proxy.balance.UpstreamConfig;
import com.interview.proxy.headers.AcceptFilter;
import com.interview.proxy.headers.ForwardedHeadersFilter;
import com.interview.proxy.headers.GzipFilter;
import com.interview.proxy.headers.HttpsRedirectFilter;
import com.interview.proxy.headers.RequestIdFilter;
import com.interview.proxy.headers.SecurityHeadersFilter;
import com.interview.proxy.lean.LeanForwarder;
import com.interview.proxy.lean.LeanPath;
import com.interview.proxy.ratelimit.RateLimitFilter;
import com.interview.proxy.request.RequestDecoding;
import com.interview.proxy.request.RequestRulesFilter;
import com.interview.proxy.route.EdgeTerminal;
import com.interview.proxy.route.Route;
import com.interview.proxy.route.RouteConfig;
import com.interview.proxy.route.RouteTable;
import com.interview.proxy.staticfiles.StaticFiles;
import com.interview.proxy.tls.CertificateReloader;
import com.interview.proxy.tls.TlsPolicy;
import com.interview.proxy.transport.BodyReader;
import com.interview.proxy.transport.BusForwarder;
import com.interview.proxy.transport.Forwarder;
import com.interview.proxy.transport.HttpForwarder;
import com.interview.proxy.transport.UpstreamAttempts;
import com.interview.proxy.transport.UpstreamOverrunGuard;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One proxy instance: the public HTTP server (and the HTTPS one when TLS is on), shared by all instances of the
 * JVM, whose requests run through the {@link FilterChain}. Before the chain, each connection passes the
 * {@link ConnectionGate} (limits, the strict decoder, slow clients). The chain, in order: access log, request id,
 * security headers, request rules (RFC 9112 refusals, methods, Host, the normalised target and its route), HTTPS
 * redirect, forwarding headers (client address), rate limit, accepted content types, gzip; then the terminal
 * (forwarder, static files or /health). All per-JVM state comes from {@link ProxyShared}.
 */
public final class ProxyVerticle extends VerticleBase {

  private static final io.vertx.core.internal.logging.Logger log =
    io.vertx.core.internal.logging.LoggerFactory.getLogger(ProxyVerticle.class);

  /** The exact path of the public health endpoint. */
  public static final String HEALTH_PATH = "/health";

  private final ProxyShared shared;
  private final int port;
  private final int tlsPort;
  private HttpServer server;
  private HttpServer tlsServer;
  private HttpClient client;
  private FilterChain chain;
  private ConnectionGate gate;
  private CertificateReloader reloader;
  private LeanForwarder lean;

  /** An instance listening on the configured ports. */
  public ProxyVerticle(ProxyShared shared) {
    this(shared, shared.config().port(), shared.config().tls().port());
  }

  /** An instance listening on {@code port} (and {@code tlsPort} when TLS is on) instead of the configured ones. */
  public ProxyVerticle(ProxyShared shared, int port, int tlsPort) {
    this.shared = shared;
    this.port = port;
    this.tlsPort = tlsPort;
  }

  @Override
  public Future<?> start() {
    ProxyConfig config = shared.config();
    RouteTable routes = routeTable(config);
    Forwarder forwarder = forwarder(config);
    chain = new FilterChain(filters(config, routes),
      new EdgeTerminal(forwarder, new StaticFiles(vertx), shared.health()));
    // the lean front, on either transport: its requests go on through this chain to this forwarder
    LeanPath leanPath = config.upstream().engine() != UpstreamConfig.Engine.LEAN ? null
      : new LeanPath(chain, routes, HEALTH_PATH, shared.metrics().counterOf("proxy.lean.requests"), forwarder);

    HttpServerOptions options = serverOptions(config).setPort(port);
    RequestDecoding decoding = new RequestDecoding(options, config.timeouts().clientHeader().toMillis(),
      shared.metrics().clientTimeouts("header"));
    gate = new ConnectionGate(shared.connections(), decoding, config, shared.metrics());
    server = vertx.createHttpServer(options)
      .connectionHandler(connection -> {
        gate.onConnection(connection);
        if (leanPath != null && gate.admitted(connection)) {
          leanPath.install(connection);
        }
      })
      .invalidRequestHandler(this::handle) // answered by the request rules, like every refusal
      .requestHandler(this::handle);
    Future<HttpServer> listening = server.listen().recover(e -> Future.failedFuture(new ListenFailure(false, port, e)));
    TlsConfig tls = config.tls();
    if (!tls.enabled()) {
      return listening;
    }
    HttpServerOptions tlsOptions = TlsPolicy.serverOptions(options, tlsPort, tls);
    tlsServer = vertx.createHttpServer(tlsOptions)
      .connectionHandler(gate::onConnection)
      .invalidRequestHandler(this::handle)
      .requestHandler(this::handle);
    reloader = new CertificateReloader(vertx, tlsServer, tlsOptions, tls);
    return listening.compose(s -> tlsServer.listen()
      .recover(e -> Future.failedFuture(new ListenFailure(true, tlsPort, e))))
      .compose(s -> reloader.start());
  }

  private List<ProxyFilter> filters(ProxyConfig config, RouteTable routes) {
    List<ProxyFilter> filters = new ArrayList<>();
    if (shared.accessLog() != null) {
      filters.add(new AccessLogFilter(shared.accessLog()));
    }
    filters.add(new RequestIdFilter());
    filters.add(new SecurityHeadersFilter(config.headers(),
      config.tls().enabled() && config.tls().hsts().enabled() ? config.tls().hsts().value() : null));
    filters.add(new RequestRulesFilter(routes, HEALTH_PATH,
      new Route(new RouteConfig(HEALTH_PATH, null, 0, List.of(), null), Route.Kind.BUILT_IN)));
    if (config.tls().enabled() && config.tls().redirectHttp()) {
      filters.add(new HttpsRedirectFilter(this::redirectPort));
    }
    filters.add(new ForwardedHeadersFilter(config.trustedProxies()));
    filters.add(new RateLimitFilter(vertx, shared.limiters(), shared.clusterLimiters(), config.limitStatus(), shared.metrics()));
    filters.add(new AcceptFilter());
    if (config.gzip().enabled()) {
      filters.add(new GzipFilter(config.gzip()));
    }
    return filters;
  }

  private static RouteTable routeTable(ProxyConfig config) {
    List<Route> table = new ArrayList<>();
    for (RouteConfig rc : config.routes()) {
      table.add(new Route(rc, rc.isStatic() ? Route.Kind.STATIC : Route.Kind.UPSTREAM));
    }
    return new RouteTable(table);
  }

  private Forwarder forwarder(ProxyConfig config) {
    if (config.transport() == Transport.EVENTBUS) {
      return new BusForwarder(vertx, shared.nodeSelector(), config.timeouts(), config.upstream().retry(), shared.metrics());
    }
    int keepAlive = config.upstream().keepAlive();
    client = vertx.httpClientBuilder().with(new HttpClientOptions()
        .setKeepAlive(true).setKeepAliveTimeout(60).setTcpNoDelay(true).setDecompressionSupported(false)
        .setConnectTimeout((int) config.timeouts().connect().toMillis()).setMaxRedirects(0))
      .with(new PoolOptions().setHttp1MaxSize(keepAlive).setMaxWaitQueueSize(keepAlive * 64))
      .withConnectHandler(ProxyVerticle::guardUpstream)
      .build();
    UpstreamAttempts.Group group = new UpstreamAttempts.Group(shared.upstreams(), config.upstream().retry(),
      config.timeouts(), shared.metrics());
    HttpForwarder http = new HttpForwarder(vertx, client, group, config.timeouts(), shared.metrics());
    if (config.upstream().engine() != UpstreamConfig.Engine.LEAN) {
      return http;
    }
    lean = new LeanForwarder(http, group, keepAlive);
    return lean;
  }

  /** Puts the {@link UpstreamOverrunGuard} after the response decoder of a new upstream HTTP/1.1 connection. */
  private static void guardUpstream(HttpConnection connection) {
    if (connection instanceof io.vertx.core.net.impl.ConnectionBase base) {
      io.netty.channel.ChannelPipeline pipeline = base.channel().pipeline();
      if (pipeline.get("codec") != null && pipeline.get("handler") != null) {
        pipeline.addBefore("handler", UpstreamOverrunGuard.NAME, new UpstreamOverrunGuard());
      }
    }
  }

  private static HttpServerOptions serverOptions(ProxyConfig config) {
    HttpServerOptions options = new HttpServerOptions()
      .setHost(config.host())
      .setIdleTimeout((int) config.keepAliveTimeout().toMillis())
      .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
      .setTcpNoDelay(true)
      .setStrictThreadMode(true) // every exchange stays on its connection's event loop (measured: a few % faster)
      .setHttp2ClearTextEnabled(false); // like nginx on port 80: HTTP/1.1 in clear, HTTP/2 only over TLS
    if (config.gzip().enabled()) {
      options.setCompressionSupported(true)
        .setCompressionLevel(config.gzip().level())
        .setCompressionContentSizeThreshold(config.gzip().minLength());
    }
    return options;
  }

  private void handle(HttpServerRequest request) {
    if (!gate.admitRequest(request)) {
      return;
    }
    if (BodyReader.hasBody(request)) {
      request.pause(); // filters may decide later; the body waits for the forwarder
    }
    try {
      chain.start(request);
    } catch (RuntimeException e) {
      log.error("proxy bug on " + request.method() + " " + request.uri(), e);
      if (!request.response().ended()) {
        request.response().setStatusCode(500).end();
      }
    }
  }

  /** The public port a proxy instance could not listen on. */
  public static final class ListenFailure extends RuntimeException {
    private final boolean tls;
    private final int port;

    ListenFailure(boolean tls, int port, Throwable cause) {
      super((tls ? "https" : "http") + " port " + port + ": " + cause.getMessage(), cause, false, false);
      this.tls = tls;
      this.port = port;
    }

    public boolean tls() {
      return tls;
    }

    public int port() {
      return port;
    }
  }

  /** The plain HTTP port actually bound (differs from the configured one when that was 0). */
  public int actualPort() {
    return server.actualPort();
  }

  /** The HTTPS port actually bound, or -1 without TLS. */
  public int actualTlsPort() {
    return tlsServer == null ? -1 : tlsServer.actualPort();
  }

  /** The HTTPS port redirects point to: the bound one, the configured one until it is bound. */
  private int redirectPort() {
    int bound = actualTlsPort();
    return bound > 0 ? bound : tlsPort;
  }

  @Override
  public Future<?> stop() {
    if (reloader != null) {
      reloader.stop();
    }
    long grace = shared.config().shutdownTimeout().toMillis();
    List<Future<?>> all = new ArrayList<>();
    if (server != null) {
      all.add(server.shutdown(grace, TimeUnit.MILLISECONDS));
    }
    if (tlsServer != null) {
      all.add(tlsServer.shutdown(grace, TimeUnit.MILLISECONDS));
    }
    return Future.join(all).compose(v -> {
      if (lean != null) {
        lean.close();
      }
      return client == null ? Future.succeededFuture() : client.close();
    });
  }
}
