package com.interview.proxy.transport;

import com.interview.proxy.balance.Upstream;
import com.interview.proxy.balance.UpstreamGroup;
import com.interview.proxy.chain.ProxyExchange;
import com.interview.proxy.config.Timeouts;
import com.interview.proxy.headers.HopByHop;
import com.interview.proxy.metrics.ProxyMetrics;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;

/**
 * The {@code http} transport on Vert.x's HTTP client: nginx {@code proxy_pass} to an upstream group — pooled
 * keep-alive connections per server, the request body buffered (so an attempt can be repeated), the response
 * streamed. Which server, and whether to try another, is {@link UpstreamAttempts}'.
 */
public final class HttpForwarder implements Forwarder {

  private static final io.vertx.core.Handler<Throwable> IGNORE = e -> { };

  private final Vertx vertx;
  private final HttpClient client;
  private final UpstreamAttempts.Group group;
  private final Timeouts timeouts;
  private final Counter bodyTimeouts;
  private final WebSocketTunnel tunnel;

  public HttpForwarder(Vertx vertx, HttpClient client, UpstreamGroup group, RetryPolicy retry, Timeouts timeouts,
                       ProxyMetrics metrics) {
    this(vertx, client, new UpstreamAttempts.Group(group, retry, timeouts, metrics), timeouts, metrics);
  }

  /** A forwarder sharing {@code group}'s meters with another one. */
  public HttpForwarder(Vertx vertx, HttpClient client, UpstreamAttempts.Group group, Timeouts timeouts,
                       ProxyMetrics metrics) {
    this.vertx = vertx;
    this.client = client;
    this.group = group;
    this.timeouts = timeouts;
    this.bodyTimeouts = metrics.clientTimeouts("body");
    this.tunnel = new WebSocketTunnel(client, group.servers(), timeouts.connect().toMillis(), group.retry,
      group.maxTries);
  }

  @Override
  public void forward(ProxyExchange exchange) {
    if (exchange.route().config().websocket() && WebSocketTunnel.isUpgrade(exchange.request())) {
      tunnel.open(exchange);
      return;
    }
    var route = exchange.route().config();
    BodyReader.read(vertx, exchange, route.maxBody(), route.timeoutsOr(timeouts), bodyTimeouts,
      body -> new Attempts(exchange, body).next());
  }

  /** The attempts of one exchange on Vert.x's client. */
  private final class Attempts extends UpstreamAttempts {
    private final Buffer body;
    private final MultiMap headers;

    Attempts(ProxyExchange exchange, Buffer body) {
      super(group, exchange);
      this.body = body;
      this.headers = MultiMap.caseInsensitiveMultiMap();
      HopByHop.copyEndToEnd(exchange.requestHeaders(), headers, false);
      headers.remove(HttpHeaders.EXPECT); // the body is read already: nothing for the upstream to wait for (nginx too)
    }

    @Override
    protected void attempt(Upstream server) {
      HttpServerRequest in = exchange.request();
      RequestOptions options = new RequestOptions()
        .setMethod(in.method()).setHost(server.host()).setPort(server.port()).setURI(exchange.uri())
        .setHeaders(headers).setConnectTimeout(connectMs).setIdleTimeout(readMs);
      HostAndPort authority = in.authority(); // the client's Host goes upstream (nginx: proxy_set_header Host $host)
      long t0 = System.nanoTime();
      client.request(options).onComplete(connected -> {
        if (connected.failed()) {
          failed(server, t0, connected.cause(), false);
          return;
        }
        var request = connected.result();
        request.exceptionHandler(IGNORE); // failures arrive through the futures; a reset is not news
        if (gone()) {
          server.end();
          request.reset();
          return;
        }
        // a client that goes away is noticed at once, not at the next write nor after the read timeout (nginx:
        // proxy_ignore_client_abort off): the upstream request is reset, freeing its connection and in-flight slot
        exchange.onAbandon(request::reset);
        if (authority != null) {
          request.authority(authority);
        }
        (body == null ? request.send() : request.send(body)).onComplete(answered -> {
          if (answered.failed()) {
            if (gone()) {
              server.end(); // abandoned for the client: not the server's failure, nothing to retry
              return;
            }
            failed(server, t0, answered.cause(), true);
            return;
          }
          try {
            respond(server, t0, answered.result());
          } catch (RuntimeException e) {
            server.end();
            answered.result().request().reset();
            exchange.abort(e);
          }
        });
      });
    }

    private void respond(Upstream server, long t0, HttpClientResponse upstream) {
      upstream.exceptionHandler(IGNORE); // until the pipe takes over: a dropped answer is reset on purpose
      int status = upstream.statusCode();
      switch (answered(server, t0, status)) {
        case DROP -> {
          upstream.request().reset();
          return;
        }
        case RETRY -> {
          upstream.request().reset(); // drop this answer; the next server gets the request
          next();
          return;
        }
        case RELAY -> {
        }
      }
      HttpServerResponse out = exchange.response();
      out.setStatusCode(status);
      if (upstream.statusMessage() != null) {
        out.setStatusMessage(upstream.statusMessage());
      }
      HopByHop.copyEndToEnd(upstream.headers(), out.headers(), false);
      boolean noBody = exchange.method() == HttpMethod.HEAD || status == 204 || status == 304 || status < 200;
      if (!noBody && !out.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
        out.setChunked(true);
      }
      if (noBody) {
        exchange.beforeResponse();
        out.end();
        upstream.end().onComplete(v -> server.end());
        return;
      }
      // a body cut short upstream must not reach the client as a complete one: no end on failure, a reset instead
      upstream.pipe().endOnFailure(false).to(out).onComplete(piped -> {
        server.end();
        if (piped.failed()) {
          out.reset(); // the upstream broke mid-body: the client sees a broken response, as with nginx
          upstream.request().reset(); // or the client went away mid-body: free the upstream connection
        }
      });
    }
  }
}
