package com.interview.proxy.hostile;

import com.interview.testing.TestVertx;
import com.interview.proxy.Backend;
import com.interview.proxy.EdgeFixture;
import com.interview.proxy.ProxyShared;
import com.interview.proxy.ProxyVerticle;
import com.interview.proxy.TestProxyConfig;
import com.interview.proxy.accesslog.AccessLogConfig;
import com.interview.proxy.balance.Balance;
import com.interview.proxy.balance.ServerConfig;
import com.interview.proxy.balance.Upstream;
import com.interview.proxy.balance.UpstreamConfig;
import com.interview.proxy.config.Cidr;
import com.interview.proxy.config.ProxyConfig;
import com.interview.proxy.config.Timeouts;
import com.interview.proxy.config.Transport;
import com.interview.proxy.connlimit.ConnectionLimits;
import com.interview.proxy.health.HealthCheckConfig;
import com.interview.proxy.metrics.ProxyMetrics;
import com.interview.proxy.ratelimit.LimitZone;
import com.interview.proxy.ratelimit.Rate;
import com.interview.proxy.route.RouteConfig;
import com.interview.proxy.transport.NodeSelector;
import com.interview.proxy.transport.RetryPolicy;
import com.interview.testing.RawHttp;
import com.interview.testing.TestHttp;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edge as an attacker meets it: a real {@link ProxyVerticle} on a free port with the {@code http} transport and
 * three real upstream servers ({@link Backend}s) that record every request they received, the default routes of
 * {@code conf/app.yaml} ({@code /api/auth/} in an auth zone, {@code /api/} in an api zone, the avatar route; and
 * {@code /api/ws/}, which tunnels WebSocket upgrades) and its
 * security headers. {@code /health} is the public health of the real application: 503 once no upstream can take a
 * request. Upstream paths: {@code /api/slow} answers after 1 s, {@code /api/big} sends 4 MiB, anything else 200 with
 * the server's name. Build with {@link #builder()}, change one concern per test.
 */
final class HostileEdge implements AutoCloseable {

  static final String SECRET_COOKIE = "session=s3cr3t";
  static final int BIG = 16 << 20; // beyond what socket buffers hold on loopback

  private final Vertx vertx;
  private final List<Backend> backends = new ArrayList<>();
  private final ProxyShared shared;
  private final ProxyMetrics metrics = new ProxyMetrics(new SimpleMeterRegistry());
  private final int port;
  private final TestHttp http;

  private HostileEdge(Builder b) {
    vertx = TestVertx.create();
    List<ServerConfig> servers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Backend backend = Backend.start(vertx, "upstream-" + i);
      backend.respondWith((req, body) -> {
        switch (req.path()) {
          case "/api/slow" -> vertx.setTimer(1000, t -> req.response().end(backend.name()));
          case "/api/big" -> req.response().putHeader("Content-Type", "application/octet-stream")
            .end(io.vertx.core.buffer.Buffer.buffer(new byte[BIG]));
          case "/api/trace" -> req.response().end(new JsonObject().put("cookie", req.getHeader("Cookie")).encode());
          default -> req.response().putHeader("Content-Type", "text/plain").end(backend.name());
        }
      });
      backends.add(backend);
      servers.add(new ServerConfig(backend.url(), 1, b.maxFails, Duration.ofSeconds(30), false));
    }
    ProxyConfig d = TestProxyConfig.defaults();
    Map<String, LimitZone> zones = new LinkedHashMap<>();
    zones.put("api", new LimitZone("api", Rate.parse(b.apiRate), b.apiBurst, true, LimitZone.Scope.LOCAL));
    zones.put("auth", new LimitZone("auth", Rate.parse(b.authRate), b.authBurst, true, LimitZone.Scope.LOCAL));
    List<RouteConfig> routes = List.of(
      new RouteConfig("/api/auth/", "auth", 1 << 20, List.of(), null),
      new RouteConfig("/api/ws/", "api", 1 << 20, List.of(), null, null, null, true),
      new RouteConfig("/api/users/me/avatar", "api", 64 << 10, List.of("image/png"), null),
      new RouteConfig("/api/", "api", 1 << 20, List.of(), null),
      new RouteConfig("/uploads/", null, 1 << 20, List.of(), b.staticDir == null ? "." : b.staticDir.toString()));
    UpstreamConfig upstream = new UpstreamConfig(Balance.LEAST_CONN, servers, 32,
      new RetryPolicy(EnumSet.of(RetryPolicy.Condition.ERROR, RetryPolicy.Condition.TIMEOUT, RetryPolicy.Condition.HTTP_502,
        RetryPolicy.Condition.HTTP_503, RetryPolicy.Condition.HTTP_504), 3, Duration.ofSeconds(10), false),
      new HealthCheckConfig(false, "/health", Duration.ofSeconds(5), Duration.ofSeconds(2), 2, 3),
      TestProxyConfig.engine());
    ProxyConfig config = new ProxyConfig("127.0.0.1", 0, 1, Transport.HTTP, Duration.ofSeconds(5), Duration.ofSeconds(65),
      1 << 20, b.timeouts, zones, 429, 1000, new ConnectionLimits(b.perIp, 0, 503), routes, upstream, d.headers(),
      d.gzip(), d.tls(), b.trusted, new AccessLogConfig(b.accessLog));
    ProxyShared[] holder = new ProxyShared[1];
    shared = new ProxyShared(config, NodeSelector.local("unused"),
      () -> Future.succeededFuture(holder[0].upstreams().anyEligible(System.nanoTime() / 1_000_000)), metrics);
    holder[0] = shared;
    TestHttp.await(shared.start(vertx));
    ProxyVerticle verticle = new ProxyVerticle(shared);
    TestHttp.await(vertx.deployVerticle(verticle));
    port = verticle.actualPort();
    http = new TestHttp(vertx);
  }

  static Builder builder() {
    return new Builder();
  }

  static HostileEdge start() {
    return builder().start();
  }

  int port() {
    return port;
  }

  TestHttp http() {
    return http;
  }

  ProxyMetrics metrics() {
    return metrics;
  }

  List<Backend> backends() {
    return backends;
  }

  Upstream upstream(int i) {
    return shared.upstreams().find(Integer.toString(i));
  }

  ProxyShared shared() {
    return shared;
  }

  /** A raw connection from the test's default client address, 127.0.0.1. */
  RawHttp raw() {
    return new RawHttp(port);
  }

  /** A raw connection from another client address. */
  RawHttp rawFrom(String address) {
    return new RawHttp(address, port);
  }

  /** One request on a fresh connection, one response. */
  RawHttp.Response exchange(String request) {
    try (RawHttp raw = raw()) {
      return raw.send(request).read();
    }
  }

  /** Request heads that reached any upstream. */
  int upstreamHits() {
    return backends.stream().mapToInt(Backend::hits).sum();
  }

  /** Every request the upstreams received whole, in no particular order across them. */
  List<Backend.Seen> upstreamSaw() {
    List<Backend.Seen> all = new ArrayList<>();
    backends.forEach(b -> all.addAll(b.seen()));
    return all;
  }

  /** The one request the upstreams received. */
  Backend.Seen onlyUpstreamRequest() {
    List<Backend.Seen> all = upstreamSaw();
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  void forget() {
    backends.forEach(b -> b.seen().clear());
  }

  /** Counter value of {@code proxy_client_timeouts_total{phase}}. */
  double clientTimeouts(String phase) {
    return metrics.clientTimeouts(phase).count();
  }

  /**
   * Sends {@code request} on a fresh connection and asserts it was refused ({@link #assertRefused}) and that no
   * upstream received anything meanwhile.
   */
  void assertRefusedUnforwarded(String request, int status, String code) {
    int before = upstreamHits();
    try (RawHttp raw = raw()) {
      assertRefused(raw, raw.send(request).read(), status, code);
    }
    assertThat(upstreamHits()).as("requests that reached an upstream").isEqualTo(before);
  }

  /**
   * Asserts a refusal as the edge gives it: the status, problem+json with {@code code}, the security headers, the
   * connection closed after it.
   */
  static void assertRefused(RawHttp raw, RawHttp.Response r, int status, String code) {
    assertThat(r.status()).isEqualTo(status);
    assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(r.json().getString("code")).isEqualTo(code);
    assertThat(r.json().getInteger("status")).isEqualTo(status);
    EdgeFixture.assertSecurityHeaders(r::header);
    assertThat(raw.closedByServer(Duration.ofSeconds(10))).as("connection closed after the refusal").isTrue();
  }

  @Override
  public void close() {
    try {
      TestHttp.await(vertx.close());
    } finally {
      TestHttp.await(shared.close());
    }
  }

  static final class Builder {
    private Timeouts timeouts = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
      Duration.ofSeconds(10));
    private int perIp = 20;
    private int maxFails = 3;
    private String apiRate = "10000r/s";
    private int apiBurst = 10000;
    private String authRate = "1r/m"; // one per minute after the burst: no test runs long enough to earn another
    private int authBurst = 3;
    private List<Cidr> trusted = List.of();
    private String accessLog = "off";
    private Path staticDir;

    Builder timeouts(Timeouts t) {
      this.timeouts = t;
      return this;
    }

    Builder perIp(int n) {
      this.perIp = n;
      return this;
    }

    Builder api(String rate, int burst) {
      this.apiRate = rate;
      this.apiBurst = burst;
      return this;
    }

    Builder auth(String rate, int burst) {
      this.authRate = rate;
      this.authBurst = burst;
      return this;
    }

    Builder trust(String cidr) {
      this.trusted = List.of(Cidr.parse(cidr));
      return this;
    }

    Builder accessLog(String path) {
      this.accessLog = path;
      return this;
    }

    Builder staticDir(Path dir) {
      this.staticDir = dir;
      return this;
    }

    HostileEdge start() {
      return new HostileEdge(this);
    }
  }
}
