package com.interview.app.config;

import com.interview.proxy.accesslog.AccessLogConfig;
import com.interview.proxy.balance.Balance;
import com.interview.proxy.balance.ServerConfig;
import com.interview.proxy.balance.UpstreamConfig;
import com.interview.proxy.config.Cidr;
import com.interview.proxy.config.GzipConfig;
import com.interview.proxy.config.ProxyConfig;
import com.interview.proxy.config.Timeouts;
import com.interview.proxy.config.TlsConfig;
import com.interview.proxy.config.Transport;
import com.interview.proxy.connlimit.ConnectionLimits;
import com.interview.proxy.health.HealthCheckConfig;
import com.interview.proxy.ratelimit.LimitZone;
import com.interview.proxy.ratelimit.Rate;
import com.interview.proxy.route.RouteConfig;
import com.interview.proxy.transport.RetryPolicy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads and validates {@code proxy:} into a {@link ProxyConfig}. */
final class ProxyConfigBinder {

  private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";

  private ProxyConfigBinder() {
  }

  static ProxyConfig bind(ConfigNode n) {
    String host = n.string("host");
    int port = n.port("port");
    int instances = n.integer("instances", 1, 256);
    Transport transport = Transport.valueOf(n.oneOf("transport", "eventbus", "http").toUpperCase(Locale.ROOT));
    var shutdownTimeout = n.duration("shutdownTimeout");
    var keepAlive = n.duration("keepAliveTimeout");
    long maxBody = n.size("maxBody");
    Timeouts timeouts = timeouts(n.node("timeouts"));
    Map<String, LimitZone> limits = limits(n.node("limits"));
    int limitStatus = n.integer("limitStatus", 400, 599);
    int limitKeys = n.integer("limitKeys", 1, 100_000_000);
    ConnectionLimits connections = connections(n.node("connections"));
    UpstreamConfig upstream = upstream(n.node("upstream"), transport, n.key("transport"));
    List<RouteConfig> routes = routes(n, limits.keySet(), maxBody, timeouts, upstream.retry());
    Map<String, String> headers = headers(n.node("headers"));
    GzipConfig gzip = gzip(n.node("gzip"));
    TlsConfig tls = tls(n.node("tls"));
    List<Cidr> trusted = new ArrayList<>();
    for (String s : n.strings("trustedProxies")) {
      try {
        trusted.add(Cidr.parse(s));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(n.key("trustedProxies"), s, e.getMessage());
      }
    }
    ConfigNode log = n.node("accessLog");
    AccessLogConfig accessLog = new AccessLogConfig(log.string("path"));
    log.done();
    n.done();
    return new ProxyConfig(host, port, instances, transport, shutdownTimeout, keepAlive, maxBody, timeouts, limits,
      limitStatus, limitKeys, connections, routes, upstream, headers, gzip, tls, trusted, accessLog);
  }

  private static Timeouts timeouts(ConfigNode t) {
    Timeouts out = new Timeouts(t.positiveDuration("connect"), t.positiveDuration("read"),
      t.positiveDuration("clientHeader"), t.positiveDuration("clientBody"),
      t.duration("send", Timeouts.DEFAULT_SEND), t.size("minBodyRate", Timeouts.DEFAULT_MIN_BODY_RATE));
    t.done();
    return out;
  }

  private static Map<String, LimitZone> limits(ConfigNode limits) {
    Map<String, LimitZone> zones = new LinkedHashMap<>();
    for (String name : limits.keys()) {
      ConfigNode z = limits.node(name);
      Rate rate = z.parsed("rate", Rate::parse);
      int burst = z.integer("burst", 0, 1_000_000, 0);
      boolean nodelay = z.bool("nodelay", false);
      String scope = z.has("scope") ? z.oneOf("scope", "local", "cluster") : z.string("scope", "local");
      z.done();
      zones.put(name, new LimitZone(name, rate, burst, nodelay, LimitZone.Scope.valueOf(scope.toUpperCase(Locale.ROOT))));
    }
    return zones;
  }

  private static ConnectionLimits connections(ConfigNode c) {
    ConnectionLimits out = new ConnectionLimits(c.integer("perIp", 0, 1_000_000), c.integer("max", 0, 10_000_000),
      c.integer("status", 400, 599));
    c.done();
    return out;
  }

  private static List<RouteConfig> routes(ConfigNode n, Set<String> zones, long defaultMaxBody, Timeouts defaults,
                                          RetryPolicy defaultRetry) {
    List<RouteConfig> routes = new ArrayList<>();
    Set<String> prefixes = new HashSet<>();
    for (ConfigNode r : n.nodes("routes")) {
      String prefix = r.string("prefix");
      if (!prefix.startsWith("/") || !prefixes.add(prefix)) {
        throw new ConfigException(r.key("prefix"), prefix, "a path starting with / that no other route uses");
      }
      String limit = r.has("limit") ? r.string("limit") : r.string("limit", null);
      if (limit != null && !zones.contains(limit)) {
        throw new ConfigException(r.key("limit"), limit, "a zone defined under proxy.limits: " + String.join(", ", zones));
      }
      long maxBody = r.size("maxBody", defaultMaxBody);
      List<String> accept = r.strings("accept", List.of());
      for (String type : accept) {
        if (!type.matches(TOKEN + "/" + TOKEN)) {
          throw new ConfigException(r.key("accept"), type, "media types such as image/png");
        }
      }
      String staticDir = r.has("static") ? r.string("static") : r.string("static", null);
      // a route without timeouts or retry inherits proxy.timeouts and proxy.upstream.retry
      Timeouts timeouts = r.has("timeouts") ? routeTimeouts(r.node("timeouts"), defaults) : null;
      RetryPolicy retry = r.has("retry") ? routeRetry(r.node("retry"), defaultRetry) : null;
      boolean websocket = r.bool("websocket", false);
      r.done();
      routes.add(new RouteConfig(prefix, limit, maxBody, accept.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList(),
        staticDir, timeouts, retry, websocket));
    }
    return routes;
  }

  /**
   * A route's {@code timeouts}: any of connect, read, clientBody, send, minBodyRate; the rest from
   * {@code proxy.timeouts} (clientHeader is the connection's: a head arrives before its route is known).
   */
  private static Timeouts routeTimeouts(ConfigNode t, Timeouts d) {
    Timeouts out = new Timeouts(
      t.has("connect") ? t.positiveDuration("connect") : d.connect(),
      t.has("read") ? t.positiveDuration("read") : d.read(),
      d.clientHeader(),
      t.has("clientBody") ? t.positiveDuration("clientBody") : d.clientBody(),
      t.has("send") ? t.duration("send") : d.send(),
      t.has("minBodyRate") ? t.size("minBodyRate") : d.minBodyRate());
    t.done();
    return out;
  }

  /** A route's {@code retry}: any of conditions, tries, timeout, nonIdempotent; the rest from the upstream's. */
  private static RetryPolicy routeRetry(ConfigNode r, RetryPolicy d) {
    RetryPolicy out = new RetryPolicy(
      r.has("conditions") ? conditions(r) : d.on(),
      r.has("tries") ? r.integer("tries", 0, 100) : d.tries(),
      r.has("timeout") ? r.duration("timeout") : d.timeout(),
      r.has("nonIdempotent") ? r.bool("nonIdempotent") : d.nonIdempotent());
    r.done();
    return out;
  }

  private static Set<RetryPolicy.Condition> conditions(ConfigNode r) {
    Set<RetryPolicy.Condition> on = EnumSet.noneOf(RetryPolicy.Condition.class);
    for (String c : r.strings("conditions")) {
      try {
        on.add(RetryPolicy.Condition.valueOf(c.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(r.key("conditions"), c, "error | timeout | http_500 | http_502 | http_503 | http_504 | http_429");
      }
    }
    return on;
  }

  private static UpstreamConfig upstream(ConfigNode u, Transport transport, String transportKey) {
    Balance balance = Balance.valueOf(u.oneOf("balance", "least_conn", "round_robin").toUpperCase(Locale.ROOT));
    List<ServerConfig> servers = new ArrayList<>();
    for (ConfigNode s : u.nodes("servers")) {
      String url = s.string("url");
      checkUrl(s.key("url"), url);
      servers.add(new ServerConfig(stripSlash(url), s.integer("weight", 1, 1000, 1), s.integer("maxFails", 0, 1000, 3),
        s.duration("failTimeout", java.time.Duration.ofSeconds(30)), s.bool("backup", false)));
      s.done();
    }
    if (servers.size() > 64) {
      throw new ConfigException(u.key("servers"), servers.size() + " servers", "at most 64 servers");
    }
    if (transport == Transport.HTTP && servers.stream().allMatch(ServerConfig::backup)) {
      throw new ConfigException(u.key("servers"), servers.size() + " primary servers",
        "at least one non-backup server when " + transportKey + " is http");
    }
    int keepAlive = u.integer("keepAlive", 1, 4096);
    RetryPolicy retry = retry(u.node("retry"));
    HealthCheckConfig hc = healthCheck(u.node("healthCheck"));
    UpstreamConfig.Engine engine = UpstreamConfig.Engine.valueOf(u.oneOf("engine", "vertx", "lean").toUpperCase(Locale.ROOT));
    u.done();
    return new UpstreamConfig(balance, servers, keepAlive, retry, hc, engine);
  }

  private static void checkUrl(String key, String url) {
    try {
      URI uri = new URI(url);
      boolean ok = "http".equals(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0
        && (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
        && uri.getRawQuery() == null && uri.getUserInfo() == null;
      if (ok) {
        return;
      }
    } catch (Exception ignored) {
      // reported below
    }
    throw new ConfigException(key, url, "http://host:port");
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static RetryPolicy retry(ConfigNode r) {
    RetryPolicy out = new RetryPolicy(conditions(r), r.integer("tries", 0, 100), r.duration("timeout"), r.bool("nonIdempotent"));
    r.done();
    return out;
  }

  private static HealthCheckConfig healthCheck(ConfigNode h) {
    boolean enabled = h.bool("enabled");
    String path = h.string("path");
    if (!path.startsWith("/")) {
      throw new ConfigException(h.key("path"), path, "a path starting with /");
    }
    HealthCheckConfig out = new HealthCheckConfig(enabled, path, h.positiveDuration("interval"),
      h.positiveDuration("timeout"), h.integer("rise", 1, 100), h.integer("fall", 1, 100));
    h.done();
    return out;
  }

  private static Map<String, String> headers(ConfigNode h) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : h.keys()) {
      if (!name.matches(TOKEN)) {
        throw new ConfigException(h.key(name), name, "a header name (letters, digits, -)");
      }
      String value = h.string(name);
      if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
        throw new ConfigException(h.key(name), value, "a header value on one line");
      }
      out.put(name, value);
    }
    return out;
  }

  private static GzipConfig gzip(ConfigNode g) {
    GzipConfig out = new GzipConfig(g.bool("enabled"), g.integer("level", 1, 9), g.integer("minLength", 0, Integer.MAX_VALUE),
      g.strings("types").stream().map(s -> s.toLowerCase(Locale.ROOT)).toList());
    g.done();
    return out;
  }

  private static TlsConfig tls(ConfigNode t) {
    boolean enabled = t.bool("enabled");
    int port = t.port("port");
    String cert = t.string("cert");
    String key = t.string("key");
    if (enabled) {
      requireReadable(t.key("cert"), cert);
      requireReadable(t.key("key"), key);
    }
    List<String> protocols = t.strings("protocols", TlsConfig.DEFAULT_PROTOCOLS);
    for (String p : protocols) {
      if (!p.equals("TLSv1.2") && !p.equals("TLSv1.3")) {
        throw new ConfigException(t.key("protocols"), p, "TLSv1.2 and/or TLSv1.3");
      }
    }
    if (protocols.isEmpty()) {
      throw new ConfigException(t.key("protocols"), "[]", "TLSv1.2 and/or TLSv1.3");
    }
    List<String> ciphers = t.strings("ciphers", TlsConfig.DEFAULT_CIPHERS);
    Set<String> supported = supportedCipherSuites();
    for (String c : ciphers) {
      if (!supported.contains(c)) {
        throw new ConfigException(t.key("ciphers"), c, "cipher suites this JVM supports, IANA names such as "
          + "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
      }
    }
    if (ciphers.isEmpty()) {
      throw new ConfigException(t.key("ciphers"), "[]", "at least one cipher suite");
    }
    TlsConfig.Hsts hsts = TlsConfig.Hsts.OFF;
    if (t.has("hsts")) {
      ConfigNode h = t.node("hsts");
      hsts = new TlsConfig.Hsts(h.bool("enabled", false), h.duration("maxAge", TlsConfig.Hsts.OFF.maxAge()),
        h.bool("includeSubDomains", false), h.bool("preload", false));
      h.done();
    }
    TlsConfig out = new TlsConfig(enabled, port, cert, key, t.bool("redirectHttp"), protocols, ciphers, hsts,
      t.duration("reloadInterval", TlsConfig.DEFAULT_RELOAD_INTERVAL));
    t.done();
    return out;
  }

  private static Set<String> supportedCipherSuites() {
    try {
      return Set.of(javax.net.ssl.SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no TLS", e);
    }
  }

  private static void requireReadable(String key, String file) {
    if (file.isBlank() || !Files.isReadable(Path.of(file))) {
      throw new ConfigException(key, file, "a readable PEM file when proxy.tls.enabled is true");
    }
  }
}
