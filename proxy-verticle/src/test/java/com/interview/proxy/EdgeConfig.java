package com.interview.proxy;

import com.interview.proxy.accesslog.AccessLogConfig;
import com.interview.proxy.config.Cidr;
import com.interview.proxy.config.GzipConfig;
import com.interview.proxy.config.ProxyConfig;
import com.interview.proxy.config.Timeouts;
import com.interview.proxy.config.TlsConfig;
import com.interview.proxy.connlimit.ConnectionLimits;
import com.interview.proxy.ratelimit.LimitZone;
import com.interview.proxy.ratelimit.Rate;
import com.interview.proxy.route.RouteConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link TestProxyConfig#defaults()} changed one concern at a time, for the edge-filter tests:
 * {@code EdgeConfig.defaults().zone(...).route(...).build()}.
 */
public final class EdgeConfig {

  private final ProxyConfig base;
  private Timeouts timeouts;
  private final Map<String, LimitZone> limits;
  private int limitStatus;
  private ConnectionLimits connections;
  private final List<RouteConfig> routes;
  private GzipConfig gzip;
  private TlsConfig tls;
  private List<Cidr> trustedProxies;
  private AccessLogConfig accessLog;

  private EdgeConfig(ProxyConfig base) {
    this.base = base;
    this.timeouts = base.timeouts();
    this.limits = new LinkedHashMap<>(base.limits());
    this.limitStatus = base.limitStatus();
    this.connections = base.connections();
    this.routes = new ArrayList<>(base.routes());
    this.gzip = base.gzip();
    this.tls = base.tls();
    this.trustedProxies = base.trustedProxies();
    this.accessLog = base.accessLog();
  }

  /** Starts from the test defaults: eventbus transport, /api/ and the avatar route, generous limits. */
  public static EdgeConfig defaults() {
    return new EdgeConfig(TestProxyConfig.defaults());
  }

  /** Adds (or replaces) a rate-limit zone. */
  public EdgeConfig zone(String name, String rate, int burst, boolean nodelay) {
    limits.put(name, new LimitZone(name, Rate.parse(rate), burst, nodelay, LimitZone.Scope.LOCAL));
    return this;
  }

  public EdgeConfig limitStatus(int status) {
    this.limitStatus = status;
    return this;
  }

  /** Adds a route (the longest prefix wins, so it may sit under /api/). */
  public EdgeConfig route(RouteConfig route) {
    routes.add(route);
    return this;
  }

  /** Adds an upstream route under {@code prefix} limited by {@code zone}. */
  public EdgeConfig limitedRoute(String prefix, String zone) {
    return route(new RouteConfig(prefix, zone, 1 << 20, List.of(), null));
  }

  /** Adds a static route serving {@code dir}. */
  public EdgeConfig staticRoute(String prefix, String dir) {
    return route(new RouteConfig(prefix, null, 1 << 20, List.of(), dir));
  }

  public EdgeConfig connections(int perIp, int max, int status) {
    this.connections = new ConnectionLimits(perIp, max, status);
    return this;
  }

  public EdgeConfig clientTimeouts(Duration header, Duration body) {
    this.timeouts = new Timeouts(timeouts.connect(), timeouts.read(), header, body);
    return this;
  }

  /** Client timeouts with a minimum body rate ({@code 0}: none, so only pauses count). */
  public EdgeConfig clientTimeouts(Duration header, Duration body, long minBodyRate) {
    this.timeouts = new Timeouts(timeouts.connect(), timeouts.read(), header, body, Timeouts.DEFAULT_SEND, minBodyRate);
    return this;
  }

  public EdgeConfig gzip(int level, int minLength, List<String> types) {
    this.gzip = new GzipConfig(true, level, minLength, types);
    return this;
  }

  public EdgeConfig tls(String cert, String key, boolean redirectHttp) {
    this.tls = new TlsConfig(true, 0, cert, key, redirectHttp);
    return this;
  }

  public EdgeConfig tls(TlsConfig tls) {
    this.tls = tls;
    return this;
  }

  public EdgeConfig trust(String... cidrs) {
    List<Cidr> list = new ArrayList<>();
    for (String c : cidrs) {
      list.add(Cidr.parse(c));
    }
    this.trustedProxies = list;
    return this;
  }

  public EdgeConfig accessLog(String path) {
    this.accessLog = new AccessLogConfig(path);
    return this;
  }

  public ProxyConfig build() {
    ProxyConfig b = base;
    return new ProxyConfig(b.host(), b.port(), b.instances(), b.transport(), b.shutdownTimeout(), b.keepAliveTimeout(),
      b.maxBody(), timeouts, limits, limitStatus, b.limitKeys(), connections, routes, b.upstream(), b.headers(), gzip,
      tls, trustedProxies, accessLog);
  }
}
