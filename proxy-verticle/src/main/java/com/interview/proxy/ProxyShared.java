package com.interview.proxy;

import com.interview.proxy.accesslog.AccessLogWriter;
import com.interview.proxy.balance.Upstream;
import com.interview.proxy.balance.UpstreamGroup;
import com.interview.proxy.config.ProxyConfig;
import com.interview.proxy.config.Transport;
import com.interview.proxy.connlimit.ConnectionLimiter;
import com.interview.proxy.health.ActiveHealthChecker;
import com.interview.proxy.health.PublicHealthEndpoint;
import com.interview.proxy.health.Readiness;
import com.interview.proxy.metrics.ProxyMetrics;
import com.interview.proxy.ratelimit.ClusterLimiter;
import com.interview.proxy.ratelimit.GcraLimiter;
import com.interview.proxy.ratelimit.LimitZone;
import com.interview.proxy.transport.NodeSelector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every proxy verticle instance of a JVM shares, as nginx workers share zones: rate-limit zones, connection
 * counts, the upstream group (in-flight counts, health), the access log, the public health verdict. Created once
 * by the application, handed to each instance; everything here is safe to use from any event loop.
 */
public final class ProxyShared {

  /** How long the public /health verdict is reused. */
  public static final long PUBLIC_HEALTH_CACHE_MS = 1000;

  private final ProxyConfig config;
  private final NodeSelector nodeSelector;
  private final PublicHealthEndpoint health;
  private final ProxyMetrics metrics;
  private final Map<String, GcraLimiter> limiters = new LinkedHashMap<>();
  private final Map<String, ClusterLimiter> clusterLimiters = new LinkedHashMap<>();
  private final RedisOptions redisOptions;
  private Redis redis;
  private final ConnectionLimiter connections;
  private final UpstreamGroup upstreams;
  private final AccessLogWriter accessLog;
  private ActiveHealthChecker checker;

  public ProxyShared(ProxyConfig config, NodeSelector nodeSelector, Readiness readiness) {
    this(config, nodeSelector, readiness, ProxyMetrics.create(), (RedisOptions) null);
  }

  public ProxyShared(ProxyConfig config, NodeSelector nodeSelector, Readiness readiness, ProxyMetrics metrics) {
    this(config, nodeSelector, readiness, metrics, (RedisOptions) null);
  }

  /**
   * @param redisOptions the Redis where zones with {@code scope: cluster} keep their buckets (any client type:
   *                     standalone, sentinel, cluster; copied, its pool resized and renamed) — null: such zones stay local
   */
  public ProxyShared(ProxyConfig config, NodeSelector nodeSelector, Readiness readiness, ProxyMetrics metrics,
                     RedisOptions redisOptions) {
    this.config = config;
    this.redisOptions = redisOptions == null ? null : new RedisOptions(redisOptions);
    this.nodeSelector = nodeSelector;
    this.health = new PublicHealthEndpoint(readiness, PUBLIC_HEALTH_CACHE_MS);
    this.metrics = metrics;
    for (LimitZone zone : config.limits().values()) {
      limiters.put(zone.name(), new GcraLimiter(zone, config.limitKeys()));
    }
    this.connections = new ConnectionLimiter(config.connections());
    this.upstreams = config.transport() == Transport.HTTP ? new UpstreamGroup(config.upstream()) : null;
    try {
      this.accessLog = config.accessLog().enabled() ? AccessLogWriter.open(config.accessLog()) : null;
    } catch (IOException e) {
      throw new UncheckedIOException("proxy.accessLog.path: cannot open " + config.accessLog().path(), e);
    }
    metrics.gauge("proxy.connections.active", connections::active);
    if (upstreams != null) {
      for (Upstream u : upstreams.servers()) {
        metrics.gauge("proxy.upstream.in.flight", u::inFlight, "server", u.url());
        metrics.gauge("proxy.upstream.up", () -> u.eligible(System.nanoTime() / 1_000_000) ? 1 : 0, "server", u.url());
      }
    }
    if (accessLog != null) {
      metrics.gauge("proxy.accesslog.dropped", accessLog::dropped);
    }
  }

  /**
   * Starts the JVM-wide background work (active health checks, the Redis client of cluster-wide zones); completes
   * once those zones reached Redis (their script loaded) or gave up on it for now — never failed.
   */
  public Future<Void> start(Vertx vertx) {
    List<Future<Void>> warmUps = new ArrayList<>();
    boolean clusterZones = config.limits().values().stream().anyMatch(z -> z.scope() == LimitZone.Scope.CLUSTER);
    if (clusterZones && redisOptions != null) {
      redis = Redis.createClient(vertx, redisOptions.setMaxPoolSize(8)
        .setMaxPoolWaiting(1024).setPoolName("proxy-limits"));
      RedisAPI api = RedisAPI.api(redis);
      for (LimitZone zone : config.limits().values()) {
        if (zone.scope() == LimitZone.Scope.CLUSTER) {
          ClusterLimiter limiter = new ClusterLimiter(zone, api, limiters.get(zone.name()), metrics);
          clusterLimiters.put(zone.name(), limiter);
          warmUps.add(limiter.warmUp());
        }
      }
    }
    if (upstreams != null && config.upstream().healthCheck().enabled()) {
      checker = new ActiveHealthChecker(vertx, config.upstream().healthCheck(), upstreams.servers());
      checker.start();
    }
    return Future.all(warmUps).mapEmpty();
  }

  /** Stops the background work and flushes the access log. */
  public Future<Void> close() {
    Future<Void> f = checker == null ? Future.succeededFuture() : checker.stop();
    if (redis != null) {
      redis.close();
    }
    if (accessLog != null) {
      accessLog.close();
    }
    return f;
  }

  public ProxyConfig config() {
    return config;
  }

  public NodeSelector nodeSelector() {
    return nodeSelector;
  }

  public PublicHealthEndpoint health() {
    return health;
  }

  public ProxyMetrics metrics() {
    return metrics;
  }

  /** Rate-limit zones by name. */
  public Map<String, GcraLimiter> limiters() {
    return limiters;
  }

  /** Zones with {@code scope: cluster}, by name (empty until {@link #start}, or without Redis). */
  public Map<String, ClusterLimiter> clusterLimiters() {
    return clusterLimiters;
  }

  public ConnectionLimiter connections() {
    return connections;
  }

  /** The upstream group of the http transport, or null for the eventbus transport. */
  public UpstreamGroup upstreams() {
    return upstreams;
  }

  /** The access log, or null when it is off. */
  public AccessLogWriter accessLog() {
    return accessLog;
  }
}
