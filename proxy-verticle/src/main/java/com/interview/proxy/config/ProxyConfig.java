package com.interview.proxy.config;

import com.interview.proxy.accesslog.AccessLogConfig;
import com.interview.proxy.balance.UpstreamConfig;
import com.interview.proxy.connlimit.ConnectionLimits;
import com.interview.proxy.ratelimit.LimitZone;
import com.interview.proxy.route.RouteConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything under {@code proxy:} in {@code conf/app.yaml}, validated. The YAML file documents every key.
 *
 * @param host             bind address of the public port
 * @param port             public HTTP port (0 = any free port)
 * @param instances        proxy verticle instances in this JVM
 * @param transport        how requests reach the API
 * @param shutdownTimeout  grace period for in-flight requests on shutdown
 * @param keepAliveTimeout idle client connections close after this
 * @param maxBody          body limit of routes that set none
 * @param timeouts         connect/read/client timeouts
 * @param limits           rate-limit zones by name
 * @param limitStatus      status of a rate-limited answer
 * @param limitKeys        most keys per zone
 * @param connections      connection limits
 * @param routes           the routing table, in configuration order
 * @param upstream         the http transport's servers, balancing, retries and health checks
 * @param headers          response headers added to every response
 * @param gzip             compression
 * @param tls              HTTPS
 * @param trustedProxies   peers whose forwarding headers are believed
 * @param accessLog        access log destination
 */
public record ProxyConfig(
  String host,
  int port,
  int instances,
  Transport transport,
  Duration shutdownTimeout,
  Duration keepAliveTimeout,
  long maxBody,
  Timeouts timeouts,
  Map<String, LimitZone> limits,
  int limitStatus,
  int limitKeys,
  ConnectionLimits connections,
  List<RouteConfig> routes,
  UpstreamConfig upstream,
  Map<String, String> headers,
  GzipConfig gzip,
  TlsConfig tls,
  List<Cidr> trustedProxies,
  AccessLogConfig accessLog) {

  public ProxyConfig {
    limits = Map.copyOf(limits);
    routes = List.copyOf(routes);
    headers = Map.copyOf(headers);
    trustedProxies = List.copyOf(trustedProxies);
  }

  /** A copy listening on another port (tests use 0). */
  public ProxyConfig withPort(int newPort) {
    return new ProxyConfig(host, newPort, instances, transport, shutdownTimeout, keepAliveTimeout, maxBody, timeouts,
      limits, limitStatus, limitKeys, connections, routes, upstream, headers, gzip, tls, trustedProxies, accessLog);
  }

  /** A copy with another instance count. */
  public ProxyConfig withInstances(int n) {
    return new ProxyConfig(host, port, n, transport, shutdownTimeout, keepAliveTimeout, maxBody, timeouts,
      limits, limitStatus, limitKeys, connections, routes, upstream, headers, gzip, tls, trustedProxies, accessLog);
  }
}
