package com.interview.proxy;

import com.interview.proxy.accesslog.AccessLogConfig;
import com.interview.proxy.balance.Balance;
import com.interview.proxy.balance.ServerConfig;
import com.interview.proxy.balance.UpstreamConfig;
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

import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A proxy configuration like conf/app.yaml's defaults, on port 0, with limits high enough not to interfere. */
public final class TestProxyConfig {

  private TestProxyConfig() {
  }

  public static ProxyConfig defaults() {
    Map<String, LimitZone> zones = new LinkedHashMap<>();
    zones.put("api", new LimitZone("api", Rate.parse("10000r/s"), 10000, true, LimitZone.Scope.LOCAL));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Frame-Options", "DENY");
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("X-XSS-Protection", "1; mode=block");
    headers.put("Referrer-Policy", "strict-origin-when-cross-origin");
    return new ProxyConfig("127.0.0.1", 0, 1, Transport.EVENTBUS, Duration.ofSeconds(5), Duration.ofSeconds(65),
      1 << 20, new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5)),
      zones, 429, 1000, new ConnectionLimits(0, 0, 503),
      List.of(new RouteConfig("/api/", "api", 1 << 20, List.of(), null),
        new RouteConfig("/api/users/me/avatar", "api", 64, List.of("image/png"), null)),
      new UpstreamConfig(Balance.LEAST_CONN, List.of(new ServerConfig("http://127.0.0.1:3000", 1, 3, Duration.ofSeconds(30), false)),
        32, new RetryPolicy(EnumSet.of(RetryPolicy.Condition.ERROR, RetryPolicy.Condition.TIMEOUT), 3, Duration.ofSeconds(10), false),
        new HealthCheckConfig(false, "/health", Duration.ofSeconds(5), Duration.ofSeconds(2), 2, 3), engine()),
      headers, new GzipConfig(false, 6, 1024, List.of("application/json")), new TlsConfig(false, 0, "", "", false),
      List.of(), new AccessLogConfig("off"));
  }

  /**
   * The engine the tests run on: the lean path by default, as in production (on the http transport the lean
   * forwarder, on the bus the lean front); {@code -Dupstream.engine=vertx} runs every test of both transports (the
   * hostile-client suite included) on Vert.x's path.
   */
  public static UpstreamConfig.Engine engine() {
    return UpstreamConfig.Engine.valueOf(System.getProperty("upstream.engine", "lean").toUpperCase(java.util.Locale.ROOT));
  }
}
