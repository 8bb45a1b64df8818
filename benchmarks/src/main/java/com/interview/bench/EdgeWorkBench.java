package com.interview.bench;

import com.interview.proxy.balance.Balance;
import com.interview.proxy.balance.LoadTable;
import com.interview.proxy.balance.NodeLoad;
import com.interview.proxy.balance.ServerConfig;
import com.interview.proxy.balance.Upstream;
import com.interview.proxy.balance.UpstreamConfig;
import com.interview.proxy.balance.UpstreamGroup;
import com.interview.proxy.headers.HopByHop;
import com.interview.proxy.health.HealthCheckConfig;
import com.interview.proxy.ratelimit.GcraLimiter;
import com.interview.proxy.ratelimit.LimitDecision;
import com.interview.proxy.ratelimit.LimitZone;
import com.interview.proxy.ratelimit.Rate;
import com.interview.proxy.request.HostRule;
import com.interview.proxy.request.RequestTarget;
import com.interview.proxy.transport.RetryPolicy;
import com.interview.proxy.lean.UpstreamRequestHead;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.MultiMap;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The per-request work of the edge that is ours, one benchmark each: the request rules (target normalisation, Host
 * check), the head rewrite (the end-to-end header copy of Vert.x's path, the bytes written on the lean path), the
 * limiter decision, and the balancer picks of both transports.
 * Run with {@code scripts/bench/jmh.sh}; figures in README.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EdgeWorkBench {

  private GcraLimiter oneClient;
  private GcraLimiter manyClients;
  private String[] clients;
  private int next;
  private UpstreamGroup upstreams;
  private LoadTable nodes;
  private MultiMap requestHeaders;
  private MultiMap decodedHeaders;
  private ByteBuf head;

  @Setup
  public void setUp() {
    LimitZone zone = new LimitZone("api", Rate.parse("1000000r/s"), 1_000_000, true, LimitZone.Scope.LOCAL);
    oneClient = new GcraLimiter(zone, 100_000);
    manyClients = new GcraLimiter(zone, 100_000);
    clients = new String[10_000];
    for (int i = 0; i < clients.length; i++) {
      clients[i] = "10.0." + (i / 256) + "." + (i % 256);
    }
    List<ServerConfig> servers = List.of(
      new ServerConfig("http://127.0.0.1:3001", 1, 3, Duration.ofSeconds(30), false),
      new ServerConfig("http://127.0.0.1:3002", 1, 3, Duration.ofSeconds(30), false),
      new ServerConfig("http://127.0.0.1:3003", 1, 3, Duration.ofSeconds(30), false));
    upstreams = new UpstreamGroup(new UpstreamConfig(Balance.LEAST_CONN, servers, 32,
      new RetryPolicy(EnumSet.of(RetryPolicy.Condition.ERROR), 3, Duration.ofSeconds(10), false),
      new HealthCheckConfig(false, "/health", Duration.ofSeconds(5), Duration.ofSeconds(2), 2, 3)));
    nodes = new LoadTable(Long.MAX_VALUE / 2_000_000);
    for (String n : new String[] {"a", "b", "c"}) {
      nodes.report(new NodeLoad(n, 3, 128, 2.0, false));
    }
    requestHeaders = MultiMap.caseInsensitiveMultiMap()
      .add("Host", "api.example.com").add("User-Agent", "Mozilla/5.0 (X11; Linux x86_64)")
      .add("Accept", "application/json").add("Accept-Encoding", "gzip, br").add("Accept-Language", "en-GB,en;q=0.9")
      .add("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl").add("Cookie", "a=1; b=2")
      .add("X-Forwarded-For", "203.0.113.9").add("X-Real-IP", "203.0.113.9").add("X-Request-Id", "3f2a9c0d1e")
      .add("Connection", "keep-alive");
    decodedHeaders = HeadersMultiMap.httpHeaders().addAll(requestHeaders); // the map the strict decoder fills
    head = Unpooled.directBuffer(1024);
  }

  /** A canonical path (the common case: returned as is). */
  @Benchmark
  public RequestTarget targetCanonical() {
    return RequestTarget.parse("/api/questions/5b7e3c2a-9f1d-4a8e-b2c6-0d1e2f3a4b5c?limit=20");
  }

  /** A path that needs work: dot segments, a double slash, an escape. */
  @Benchmark
  public RequestTarget targetToNormalise() {
    return RequestTarget.parse("/api//auth/../questions/%61bc/./x?limit=20");
  }

  @Benchmark
  public int hostCheck() {
    HostRule.checkValue("api.example.com:8443");
    return 1;
  }

  /** The request head rewrite: the end-to-end headers of a typical browser request copied for the upstream. */
  @Benchmark
  public MultiMap headRewrite() {
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    HopByHop.copyEndToEnd(requestHeaders, out, false);
    return out;
  }

  /**
   * The lean path's request head rewrite: the same request's line and end-to-end headers written as the bytes sent
   * upstream ({@code UpstreamRequestHead}), with no map in between.
   */
  @Benchmark
  public int headRewriteToBytes() {
    head.clear();
    UpstreamRequestHead.write(head, "GET", "/api/questions/5b7e3c2a-9f1d-4a8e-b2c6-0d1e2f3a4b5c", decodedHeaders,
      "api.example.com");
    return head.writerIndex();
  }

  /** The limiter decision for a client already in the zone. */
  @Benchmark
  public LimitDecision limiterOneClient() {
    return oneClient.acquire("203.0.113.9");
  }

  /** The limiter decision across 10 000 clients (map lookups miss the CPU caches). */
  @Benchmark
  public LimitDecision limiterManyClients() {
    String c = clients[next];
    next = next == clients.length - 1 ? 0 : next + 1;
    return manyClients.acquire(c);
  }

  /** least_conn over three upstream servers, the attempt begun and ended. */
  @Benchmark
  public Upstream leastConnPick() {
    Upstream u = upstreams.select(0L, System.nanoTime() / 1_000_000);
    u.begin();
    u.end();
    return u;
  }

  /** The event-bus least-loaded pick over three API nodes, the request ended. */
  @Benchmark
  public String leastLoadedPick() {
    String n = nodes.select("proxy");
    nodes.end(n);
    return n;
  }
}
