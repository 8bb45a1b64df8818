package com.interview.proxy;

import com.interview.proxy.balance.Upstream;
import com.interview.proxy.config.ProxyConfig;
import com.interview.proxy.transport.NodeSelector;
import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A real {@link ProxyVerticle} on the {@code http} transport, deployed on a free port with its own
 * {@link ProxyShared} (active health checks started), and a blocking client to call it.
 */
public final class HttpProxy {

  private final Vertx vertx;
  private final ProxyShared shared;
  private final int port;
  private final TestHttp http;
  private final String deployment;

  private HttpProxy(Vertx vertx, ProxyShared shared, int port, String deployment) {
    this.vertx = vertx;
    this.shared = shared;
    this.port = port;
    this.deployment = deployment;
    this.http = new TestHttp(vertx);
  }

  public static HttpProxy start(Vertx vertx, ProxyConfig config) {
    ProxyShared shared = new ProxyShared(config, NodeSelector.local("unused"), () -> Future.succeededFuture(true));
    shared.start(vertx);
    ProxyVerticle verticle = new ProxyVerticle(shared);
    String deployment = TestHttp.await(vertx.deployVerticle(verticle));
    return new HttpProxy(vertx, shared, verticle.actualPort(), deployment);
  }

  /** Deploys one more proxy instance sharing this one's {@link ProxyShared}; returns its port. */
  public int startAnotherInstance() {
    ProxyVerticle verticle = new ProxyVerticle(shared);
    TestHttp.await(vertx.deployVerticle(verticle));
    return verticle.actualPort();
  }

  /** Whether no request is in flight to any upstream server. */
  public boolean idle() {
    return shared.upstreams().servers().stream().allMatch(u -> u.inFlight() == 0);
  }

  public Reply get(String uri) {
    return http.get(port, uri);
  }

  public Reply send(HttpMethod method, String uri, MultiMap headers, Buffer body) {
    return http.send(method, port, uri, headers, body);
  }

  public TestHttp http() {
    return http;
  }

  public int port() {
    return port;
  }

  public ProxyShared shared() {
    return shared;
  }

  public Upstream upstream(String url) {
    return shared.upstreams().find(url);
  }

  /** Attempts the proxy made on the server of {@code url} (its selections metric). */
  public long attempts(String url) {
    return (long) shared.metrics().selections(url).count();
  }

  /**
   * {@code workers} clients, each sending {@code each} GETs of {@code uri} one after the other, all at once
   * over their own connections; the replies in completion order.
   */
  public List<Reply> concurrently(int workers, int each, String uri) {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(workers));
    Context context = vertx.getOrCreateContext();
    List<Reply> replies = new ArrayList<>();
    try {
      return TestHttp.await(Future.<List<Reply>>future(p -> context.runOnContext(v -> {
        List<Future<Void>> all = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
          all.add(loop(client, uri, each, replies));
        }
        Future.all(all).map(x -> replies).onComplete(p);
      })));
    } finally {
      TestHttp.await(client.close());
    }
  }

  private Future<Void> loop(HttpClient client, String uri, int left, List<Reply> replies) {
    if (left == 0) {
      return Future.succeededFuture();
    }
    return client.request(new RequestOptions().setHost("127.0.0.1").setPort(port).setURI(uri))
      .compose(req -> req.send())
      .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b)))
      .compose(r -> {
        replies.add(r); // all on one context: no race
        return loop(client, uri, left - 1, replies);
      });
  }

  /** Undeploys the first proxy instance as a shutdown does: its servers stop gracefully (not awaited). */
  public Future<Void> undeploy() {
    return vertx.undeploy(deployment);
  }

  public void close() {
    TestHttp.await(shared.close());
  }

  /** Polls {@code condition} until it holds or {@code timeoutMs} passed; fails with {@code what} then. */
  public static void eventually(String what, long timeoutMs, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeoutMs + " ms: " + what);
      }
      try {
        Thread.sleep(10); // polling interval, not a wait for the condition
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
