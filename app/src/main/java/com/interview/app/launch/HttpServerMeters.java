package com.interview.app.launch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.net.SocketAddress;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MetricsNaming;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The request meters of one HTTP server as vertx-micrometer-metrics names, describes and tags them (its
 * {@code VertxHttpServerMetrics}), each registered through the registry (its filters apply) when vertx-micrometer would
 * first register it, then kept: per method the active-requests gauge, the request sizes and the resets; per method,
 * route and status the requests counter, the answer time and the answer sizes; the open WebSockets per server.
 */
final class HttpServerMeters {

  private final MeterRegistry registry;
  private final MetricsNaming names;
  /** The registry's gauge values by meter id, shared by every server of the registry (a gauge is registered once). */
  private final ConcurrentMap<Meter.Id, LongAdder> gauges;
  private final Tags local;
  private final boolean byMethod;
  private final boolean byRoute;
  private final boolean byCode;
  private final ConcurrentMap<String, ByMethod> methods = new ConcurrentHashMap<>();
  private volatile LongAdder webSockets;

  HttpServerMeters(MeterRegistry registry, MetricsNaming naming, Set<Label> labels, SocketAddress localAddress,
                   ConcurrentMap<Meter.Id, LongAdder> gauges) {
    this.registry = registry;
    this.names = naming.withBaseName("vertx." + MetricsDomain.HTTP_SERVER.toCategory() + ".");
    this.gauges = gauges;
    // vertx-micrometer's Labels.address: "?" without an address, else SocketAddress.toString() (host:port or path)
    this.local = labels.contains(Label.LOCAL)
      ? Tags.of(Label.LOCAL.toString(), localAddress == null ? "?" : localAddress.toString()) : Tags.empty();
    this.byMethod = labels.contains(Label.HTTP_METHOD);
    this.byRoute = labels.contains(Label.HTTP_ROUTE);
    this.byCode = labels.contains(Label.HTTP_CODE);
  }

  /** The meters of a request with this method (its name), registering its active-requests gauge the first time. */
  ByMethod method(String method) {
    String key = byMethod ? method : "";
    ByMethod m = methods.get(key);
    return m != null ? m : methods.computeIfAbsent(key, ByMethod::new);
  }

  /** The meters of a pushed answer: vertx-micrometer tags those with the server's address alone, not the method. */
  ByMethod pushed() {
    return method("");
  }

  LongAdder webSockets() {
    LongAdder w = webSockets;
    return w != null ? w : (webSockets = gauge(names.getHttpActiveWsConnections(), "Number of websockets currently opened",
      local));
  }

  private LongAdder gauge(String name, String description, Tags tags) {
    LongAdder mine = new LongAdder();
    Gauge gauge = Gauge.builder(name, mine, LongAdder::doubleValue).description(description).tags(tags)
      .strongReference(true).register(registry);
    return gauges.computeIfAbsent(gauge.getId(), id -> mine);
  }

  /** The meters of the requests with one method. */
  final class ByMethod {

    private final Tags tags;
    final LongAdder active;
    private final ConcurrentMap<String, ByRoute> routes = new ConcurrentHashMap<>();
    private volatile DistributionSummary requestBytes;
    private volatile Counter resets;

    private ByMethod(String method) {
      tags = method.isEmpty() ? local : local.and(Label.HTTP_METHOD.toString(), method);
      active = gauge(names.getHttpActiveRequests(), "Number of requests being processed", tags);
    }

    DistributionSummary requestBytes() {
      DistributionSummary s = requestBytes;
      return s != null ? s : (requestBytes = DistributionSummary.builder(names.getHttpRequestBytes())
        .description("Size of requests in bytes").tags(tags).register(registry));
    }

    Counter resets() {
      Counter c = resets;
      return c != null ? c : (resets = Counter.builder(names.getHttpRequestResetsCount())
        .description("Number of request resets").tags(tags).register(registry));
    }

    /** The meters of the answers to this method on this route ("" for none) with this status. */
    Answers answers(String route, int status) {
      String key = byRoute ? route : "";
      ByRoute r = routes.get(key);
      if (r == null) {
        r = routes.computeIfAbsent(key, k -> new ByRoute(byRoute ? tags.and(Label.HTTP_ROUTE.toString(), k) : tags));
      }
      return r.status(byCode ? status : 0);
    }
  }

  /** The answers' meters of one method and route, by status: a handful, scanned (a status would be boxed as a key). */
  private final class ByRoute {

    private final Tags tags;
    private volatile Answers[] byStatus = new Answers[0];

    private ByRoute(Tags tags) {
      this.tags = tags;
    }

    Answers status(int status) {
      Answers a = find(status);
      return a != null ? a : add(status);
    }

    private Answers find(int status) {
      for (Answers a : byStatus) {
        if (a.status == status) {
          return a;
        }
      }
      return null;
    }

    private synchronized Answers add(int status) {
      Answers found = find(status);
      if (found != null) {
        return found;
      }
      Answers a = new Answers(status, byCode ? tags.and(Label.HTTP_CODE.toString(), String.valueOf(status)) : tags);
      Answers[] more = Arrays.copyOf(byStatus, byStatus.length + 1);
      more[more.length - 1] = a;
      byStatus = more;
      return a;
    }
  }

  /** The meters of the answers of one method, route and status. */
  final class Answers {

    private final int status;
    final Counter requests;
    final Timer time;
    final DistributionSummary bytes;

    private Answers(int status, Tags tags) {
      this.status = status;
      requests = Counter.builder(names.getHttpRequestsCount()).description("Number of processed requests").tags(tags)
        .register(registry);
      time = Timer.builder(names.getHttpResponseTime()).description("Request processing time").tags(tags)
        .register(registry);
      bytes = DistributionSummary.builder(names.getHttpResponseBytes()).description("Size of responses in bytes")
        .tags(tags).register(registry);
    }
  }
}
