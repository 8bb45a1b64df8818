package com.interview.proxy.transport;

import com.interview.proxy.balance.Upstream;
import com.interview.proxy.balance.UpstreamGroup;
import com.interview.proxy.chain.ProxyExchange;
import com.interview.proxy.chain.ProxyFailure;
import com.interview.proxy.headers.HopByHop;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetSocket;

/**
 * A WebSocket upgrade passes through on a route with {@code websocket: true} (any other upgrade never reaches this:
 * the strict decoder strips it): the upgrade request goes to an upstream with its {@code Upgrade}/{@code Connection}
 * headers; when the upstream answers 101, its headers go back to the client
 * and the two sockets are joined byte for byte until either side closes. Any other answer is relayed as is.
 * An upgrade that fails before an answer (connection refused, timeout) goes to another server as the
 * {@link RetryPolicy} allows, like any other GET.
 */
final class WebSocketTunnel {

  private final HttpClient client;
  private final UpstreamGroup group;
  private final long connectMs;
  private final RetryPolicy retry;
  private final int maxTries;

  /**
   * @param retry    when a failed upgrade goes to another server (an upgrade is a GET: the method never forbids it)
   * @param maxTries attempts in all
   */
  WebSocketTunnel(HttpClient client, UpstreamGroup group, long connectMs, RetryPolicy retry, int maxTries) {
    this.client = client;
    this.group = group;
    this.connectMs = connectMs;
    this.retry = retry;
    this.maxTries = maxTries;
  }

  static boolean isUpgrade(HttpServerRequest request) {
    String upgrade = request.getHeader("Upgrade");
    return upgrade != null && request.method() == HttpMethod.GET && "websocket".equalsIgnoreCase(upgrade.trim());
  }

  void open(ProxyExchange exchange) {
    attempt(exchange, 0L, 1, System.nanoTime());
  }

  /** One attempt; {@code tried} has bit {@code i} set for each server of index {@code i} already tried. */
  private void attempt(ProxyExchange exchange, long tried, int count, long started) {
    if (exchange.ended()) {
      return; // the client went away
    }
    Upstream server = group.select(tried, System.nanoTime() / 1_000_000);
    if (server == null) {
      exchange.fail(ProxyFailure.badGateway(tried == 0 ? "No upstream server is available."
        : "The upstream could not be reached."));
      return;
    }
    HttpServerRequest in = exchange.request();
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    HopByHop.copyEndToEnd(in.headers(), headers, false);
    headers.set("Upgrade", in.getHeader("Upgrade")).set("Connection", "Upgrade");
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(server.host()).setPort(server.port())
      .setURI(exchange.uri()).setHeaders(headers).setConnectTimeout(connectMs);
    server.begin();
    long t0 = System.nanoTime();
    client.request(options).compose(req -> {
      req.exceptionHandler(e -> { }); // the tunnel's end closes this request: not an error
      if (in.authority() != null) {
        req.authority(in.authority());
      }
      return req.connect();
    }).onComplete(ar -> {
      if (ar.failed()) {
        server.end();
        server.passive().failed(System.nanoTime() / 1_000_000);
        exchange.upstream(server.url(), 502, System.nanoTime() - t0);
        if (mayRetry(ar.cause(), count, started)) {
          attempt(exchange, tried | 1L << server.index(), count + 1, started);
        } else {
          exchange.fail(ProxyFailure.badGateway("The upstream could not be reached."));
        }
        return;
      }
      HttpClientResponse upstream = ar.result();
      exchange.upstream(server.url(), upstream.statusCode(), System.nanoTime() - t0);
      HttpServerResponse out = exchange.response();
      out.setStatusCode(upstream.statusCode());
      if (upstream.statusCode() != 101) {
        HopByHop.copyEndToEnd(upstream.headers(), out.headers(), false);
        out.setChunked(!out.headers().contains("content-length"));
        upstream.pipeTo(out).onComplete(v -> server.end());
        return;
      }
      out.headers().addAll(upstream.headers());
      exchange.beforeResponse();
      in.toNetSocket().onComplete(sock -> {
        if (sock.failed()) {
          server.end();
          upstream.netSocket().close();
          return;
        }
        join(sock.result(), upstream.netSocket(), server);
      });
    });
  }

  private boolean mayRetry(Throwable cause, int count, long started) {
    RetryPolicy.Condition condition = UpstreamAttempts.isTimeout(cause) ? RetryPolicy.Condition.TIMEOUT : RetryPolicy.Condition.ERROR;
    return retry.on().contains(condition) && count < maxTries
      && (retry.timeout().isZero() || System.nanoTime() - started < retry.timeout().toNanos());
  }

  /** Joins the sockets with back-pressure both ways (a slow reader pauses the other side), until one closes. */
  private static void join(NetSocket client, NetSocket origin, Upstream server) {
    client.exceptionHandler(e -> client.close());
    origin.exceptionHandler(e -> origin.close());
    client.pipe().endOnComplete(false).to(origin);
    origin.pipe().endOnComplete(false).to(client);
    boolean[] closed = {false};
    Runnable done = () -> {
      if (!closed[0]) {
        closed[0] = true;
        server.end();
      }
    };
    client.closeHandler(v -> {
      origin.close();
      done.run();
    });
    origin.closeHandler(v -> {
      client.close();
      done.run();
    });
  }
}
