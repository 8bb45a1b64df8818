package com.interview.proxy;

import com.interview.proxy.balance.Balance;
import com.interview.proxy.balance.ServerConfig;
import com.interview.proxy.balance.UpstreamConfig;
import com.interview.proxy.config.ProxyConfig;
import com.interview.proxy.config.Timeouts;
import com.interview.proxy.config.Transport;
import com.interview.proxy.health.HealthCheckConfig;
import com.interview.proxy.route.RouteConfig;
import com.interview.proxy.transport.RetryPolicy;
import com.interview.proxy.transport.RetryPolicy.Condition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Builds an {@code http}-transport {@link ProxyConfig} from {@link TestProxyConfig#defaults()}: upstream servers,
 * balancing, retries, timeouts and health checks set per test. Routes: the defaults plus {@code /small/}
 * (body limit {@link #SMALL_BODY}).
 */
public final class HttpTestConfig {

  public static final int SMALL_BODY = 16;
  private com.interview.proxy.balance.UpstreamConfig.Engine engine = TestProxyConfig.engine();
  private final List<RouteConfig> extraRoutes = new ArrayList<>();

  private Balance balance = Balance.LEAST_CONN;
  private final List<ServerConfig> servers = new ArrayList<>();
  private Set<Condition> retryOn = EnumSet.of(Condition.ERROR, Condition.TIMEOUT);
  private int tries = 0;
  private Duration retryTimeout = Duration.ofSeconds(10);
  private boolean nonIdempotent = false;
  private Duration connect = Duration.ofSeconds(2);
  private Duration read = Duration.ofSeconds(5);
  private int perIp = 0;
  private int keepAlive = -1;
  private HealthCheckConfig healthCheck = new HealthCheckConfig(false, "/health", Duration.ofSeconds(5), Duration.ofSeconds(2), 2, 3);

  public static HttpTestConfig http() {
    return new HttpTestConfig();
  }

  /** The engine (by default the one of {@link TestProxyConfig#engine()}). */
  public HttpTestConfig engine(com.interview.proxy.balance.UpstreamConfig.Engine e) {
    this.engine = e;
    return this;
  }

  /** Upstream keep-alive connections per server and event loop (also the most open at once on the lean path). */
  public HttpTestConfig keepAlive(int n) {
    this.keepAlive = n;
    return this;
  }

  public HttpTestConfig balance(Balance b) {
    this.balance = b;
    return this;
  }

  /** A primary server of weight 1, max_fails 3, fail_timeout 30 s. */
  public HttpTestConfig server(String url) {
    return server(url, 1);
  }

  public HttpTestConfig server(String url, int weight) {
    return server(new ServerConfig(url, weight, 3, Duration.ofSeconds(30), false));
  }

  public HttpTestConfig server(ServerConfig server) {
    servers.add(server);
    return this;
  }

  public HttpTestConfig backup(String url) {
    return server(new ServerConfig(url, 1, 3, Duration.ofSeconds(30), true));
  }

  public HttpTestConfig retryOn(Condition... conditions) {
    this.retryOn = conditions.length == 0 ? Set.of() : EnumSet.of(conditions[0], conditions);
    return this;
  }

  public HttpTestConfig tries(int n) {
    this.tries = n;
    return this;
  }

  /** No new attempt after this long since the first (zero: unbounded). */
  public HttpTestConfig retryTimeout(Duration d) {
    this.retryTimeout = d;
    return this;
  }

  public HttpTestConfig nonIdempotent(boolean on) {
    this.nonIdempotent = on;
    return this;
  }

  /** Connections per client address (0: no limit, nothing counted per address). */
  public HttpTestConfig perIp(int n) {
    this.perIp = n;
    return this;
  }

  public HttpTestConfig connectTimeout(Duration d) {
    this.connect = d;
    return this;
  }

  public HttpTestConfig readTimeout(Duration d) {
    this.read = d;
    return this;
  }

  public HttpTestConfig healthCheck(HealthCheckConfig hc) {
    this.healthCheck = hc;
    return this;
  }

  /** Adds an upstream route that tunnels WebSocket upgrades ({@code websocket: true}). */
  public HttpTestConfig websocketRoute(String prefix) {
    return route(new RouteConfig(prefix, null, 1 << 20, List.of(), null, null, null, true));
  }

  /** Adds a route (e.g. one with its own timeouts or retry policy). */
  public HttpTestConfig route(RouteConfig route) {
    extraRoutes.add(route);
    return this;
  }

  public ProxyConfig build() {
    ProxyConfig d = TestProxyConfig.defaults();
    List<RouteConfig> routes = new ArrayList<>(d.routes());
    routes.addAll(extraRoutes);
    routes.add(new RouteConfig("/small/", null, SMALL_BODY, List.of(), null));
    UpstreamConfig upstream = new UpstreamConfig(balance, servers, keepAlive > 0 ? keepAlive : d.upstream().keepAlive(),
      new RetryPolicy(retryOn, tries, retryTimeout, nonIdempotent), healthCheck, engine);
    Timeouts t = d.timeouts();
    return new ProxyConfig(d.host(), 0, 1, Transport.HTTP, d.shutdownTimeout(), d.keepAliveTimeout(), d.maxBody(),
      new Timeouts(connect, read, t.clientHeader(), t.clientBody()), d.limits(), d.limitStatus(), d.limitKeys(),
      new com.interview.proxy.connlimit.ConnectionLimits(perIp, d.connections().max(), d.connections().status()), routes, upstream, d.headers(), d.gzip(), d.tls(), d.trustedProxies(), d.accessLog());
  }
}
