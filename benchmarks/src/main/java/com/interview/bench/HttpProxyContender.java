package com.interview.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.OriginRequestProvider;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The benchmark's vertx-http-proxy contender ({@code scripts/bench/proxy-vs-nginx.sh}, {@code CONTENDERS=vertx-http-proxy}):
 * Vert.x's own reverse proxy, {@link HttpProxy} on a core HTTP server, doing what nginx.conf does and nothing more —
 * least in-flight over keep-alive connections to the origins ({@link LeastInFlightOrigins}), a request id to the
 * origin and to the client, and the four security headers on every answer. No limits, no hardening, no metrics: the
 * module's own cost per request, to set beside our forwarder's.
 *
 * <pre>
 *   java -cp ... com.interview.bench.HttpProxyContender PORT INSTANCES HOST:PORT [HOST:PORT ...]
 * </pre>
 */
public final class HttpProxyContender extends VerticleBase {

  /** Pooled keep-alive connections per origin and event loop, as {@code proxy.upstream.keepAlive}. */
  static final int KEEP_ALIVE = 32;

  private final int port;
  private final LeastInFlightOrigins origins;

  private HttpProxyContender(int port, LeastInFlightOrigins origins) {
    this.port = port;
    this.origins = origins;
  }

  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println("usage: HttpProxyContender PORT INSTANCES HOST:PORT [HOST:PORT ...]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    int instances = Integer.parseInt(args[1]);
    List<SocketAddress> list = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      String[] hostPort = args[i].split(":", 2);
      list.add(SocketAddress.inetSocketAddress(Integer.parseInt(hostPort[1]), hostPort[0]));
    }
    LeastInFlightOrigins origins = new LeastInFlightOrigins(list); // one for the JVM: counts across instances
    Vertx.vertx().deployVerticle(() -> new HttpProxyContender(port, origins), new DeploymentOptions().setInstances(instances))
      .onSuccess(id -> System.out.println("vertx-http-proxy contender listening on 127.0.0.1:" + port))
      .onFailure(e -> {
        e.printStackTrace();
        System.exit(1);
      });
  }

  @Override
  public Future<?> start() {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions()
        .setKeepAlive(true).setKeepAliveTimeout(60).setTcpNoDelay(true).setDecompressionSupported(false),
      new PoolOptions().setHttp1MaxSize(KEEP_ALIVE).setMaxWaitQueueSize(KEEP_ALIVE * 64));
    HttpProxy proxy = HttpProxy.reverseProxy(client)
      .origin(OriginRequestProvider.selector(origins::select))
      .addInterceptor(new EdgeHeaders(origins));
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true))
      .requestHandler(proxy)
      .listen();
  }

  /** The request id both ways and the security headers on the answer; the origin's count ends with the answer. */
  private record EdgeHeaders(LeastInFlightOrigins origins) implements ProxyInterceptor {

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
      ThreadLocalRandom random = ThreadLocalRandom.current(); // 128 random bits, as our request id (no SecureRandom)
      String id = new UUID(random.nextLong(), random.nextLong()).toString();
      context.set("bench.requestId", id);
      context.request().putHeader("X-Request-Id", id);
      return context.sendRequest().onFailure(e -> origins.release(context));
    }

    @Override
    public Future<Void> handleProxyResponse(ProxyContext context) {
      MultiMap headers = context.response().headers();
      headers.set("X-Frame-Options", "DENY");
      headers.set("X-Content-Type-Options", "nosniff");
      headers.set("X-XSS-Protection", "1; mode=block");
      headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
      headers.set("X-Request-Id", context.get("bench.requestId", String.class));
      return context.sendResponse().andThen(ar -> origins.release(context));
    }
  }
}
