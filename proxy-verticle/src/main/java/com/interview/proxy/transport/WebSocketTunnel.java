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
 * WebSocket (and any HTTP/1.1 {@code Upgrade}) passes through: the upgrade request goes to an upstream with its
 * {@code Upgrade}/{@code Connection} headers; when the upstream answers 101, its headers go back to the client
 * and the two sockets are joined byte for byte until either side closes. Any other answer is relayed as is.
 */
final class WebSocketTunnel {

  private final HttpClient client;
  private final UpstreamGroup group;
  private final long connectMs;

  WebSocketTunnel(HttpClient client, UpstreamGroup group, long connectMs) {
    this.client = client;
    this.group = group;
    this.connectMs = connectMs;
  }

  static boolean isUpgrade(HttpServerRequest request) {
    String upgrade = request.getHeader("Upgrade");
    return upgrade != null && request.method() == HttpMethod.GET && "websocket".equalsIgnoreCase(upgrade.trim());
  }

  void open(ProxyExchange exchange) {
    Upstream server = group.select(0, System.nanoTime() / 1_000_000);
    if (server == null) {
      exchange.fail(ProxyFailure.badGateway("No upstream server is available."));
      return;
    }
    HttpServerRequest in = exchange.request();
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    HopByHop.copyEndToEnd(in.headers(), headers, false);
    headers.set("Upgrade", in.getHeader("Upgrade")).set("Connection", "Upgrade");
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(server.host()).setPort(server.port())
      .setURI(in.uri()).setHeaders(headers).setConnectTimeout(connectMs);
    server.begin();
    long t0 = System.nanoTime();
    client.request(options).compose(req -> {
      if (in.authority() != null) {
        req.authority(in.authority());
      }
      return req.connect();
    }).onComplete(ar -> {
      if (ar.failed()) {
        server.end();
        server.passive().failed(System.nanoTime() / 1_000_000);
        exchange.upstream(server.url(), 502, System.nanoTime() - t0);
        exchange.fail(ProxyFailure.badGateway("The upstream could not be reached."));
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

  private static void join(NetSocket client, NetSocket origin, Upstream server) {
    client.handler(origin::write);
    origin.handler(client::write);
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
