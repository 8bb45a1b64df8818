package com.interview.proxy.transport;

import com.interview.proxy.balance.Upstream;
import com.interview.proxy.balance.UpstreamGroup;
import com.interview.proxy.chain.ProxyExchange;
import com.interview.proxy.chain.ProxyFailure;
import com.interview.proxy.config.Timeouts;
import com.interview.proxy.headers.HopByHop;
import com.interview.proxy.metrics.ProxyMetrics;
import com.interview.proxy.transport.RetryPolicy.Condition;
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
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;
import io.vertx.core.net.HostAndPort;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/**
 * The {@code http} transport: nginx {@code proxy_pass} to an upstream group on the core HTTP client — pooled
 * keep-alive connections per server, the request body buffered (so an attempt can be repeated), the response
 * streamed. Each attempt goes to the server the balancer picks among those health leaves eligible; a failed
 * attempt counts against the server (passive health) and is repeated on another server when the
 * {@link RetryPolicy} allows it (nginx {@code proxy_next_upstream}): never once the response has begun, for
 * non-idempotent methods only before the request was sent (or when configured), within {@code tries} and
 * {@code timeout}. Connect failures end as 502, read timeouts as 504, no eligible server as a fast 502.
 */
public final class HttpForwarder implements Forwarder {

  private static final Logger log = LoggerFactory.getLogger(HttpForwarder.class);
  private static final io.vertx.core.Handler<Throwable> IGNORE = e -> { };

  private final Vertx vertx;
  private final HttpClient client;
  private final UpstreamGroup group;
  private final RetryPolicy retry;
  private final long connectMs;
  private final long readMs;
  private final Timeouts timeouts;
  private final Counter bodyTimeouts;
  private final int maxTries;
  private final ProxyMetrics metrics;
  private final Counter retries;
  private final Counter[] selections;
  private final io.micrometer.core.instrument.Timer[] upstreamTimes;
  private final WebSocketTunnel tunnel;

  public HttpForwarder(Vertx vertx, HttpClient client, UpstreamGroup group, RetryPolicy retry, Timeouts timeouts,
                       ProxyMetrics metrics) {
    this.vertx = vertx;
    this.client = client;
    this.group = group;
    this.retry = retry;
    this.connectMs = timeouts.connect().toMillis();
    this.readMs = timeouts.read().toMillis();
    this.timeouts = timeouts;
    this.bodyTimeouts = metrics.clientTimeouts("body");
    this.maxTries = cap(retry);
    this.metrics = metrics;
    this.retries = metrics.retries();
    int servers = group.servers().size();
    this.selections = new Counter[servers];
    this.upstreamTimes = new io.micrometer.core.instrument.Timer[servers];
    for (Upstream u : group.servers()) {
      selections[u.index()] = metrics.selections(u.url());
      upstreamTimes[u.index()] = metrics.upstreamTime(u.url());
    }
    this.tunnel = new WebSocketTunnel(client, group, connectMs, retry, maxTries);
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

  /** As nginx: never more tries than servers, so the last answer is relayed; 0 means one per server. */
  private int cap(RetryPolicy policy) {
    int servers = group.servers().size();
    return policy.tries() == 0 ? servers : Math.min(policy.tries(), servers);
  }

  static boolean idempotent(HttpMethod m) {
    return !(m == HttpMethod.POST || m == HttpMethod.PATCH || m == HttpMethod.LOCK);
  }

  /** The attempts of one exchange. */
  private final class Attempts {
    private final ProxyExchange exchange;
    private final Buffer body;
    private final RetryPolicy retry;
    private final int maxTries;
    private final long connectMs;
    private final long readMs;
    private final long started = System.nanoTime();
    private final MultiMap headers;
    private long tried;
    private int count;
    private ProxyFailure last;

    Attempts(ProxyExchange exchange, Buffer body) {
      this.exchange = exchange;
      this.body = body;
      var route = exchange.route().config(); // a route may set its own timeouts and retry policy
      this.retry = route.retryOr(HttpForwarder.this.retry);
      this.maxTries = retry == HttpForwarder.this.retry ? HttpForwarder.this.maxTries : cap(retry);
      this.connectMs = route.timeouts() == null ? HttpForwarder.this.connectMs : route.timeouts().connect().toMillis();
      this.readMs = route.timeouts() == null ? HttpForwarder.this.readMs : route.timeouts().read().toMillis();
      this.headers = MultiMap.caseInsensitiveMultiMap();
      HopByHop.copyEndToEnd(exchange.requestHeaders(), headers, false);
      headers.remove(HttpHeaders.EXPECT); // the body is read already: nothing for the upstream to wait for (nginx too)
    }

    /** Whether the client went away: then nothing that happens upstream is the upstream's fault. */
    private boolean gone() {
      return exchange.abandoned() || exchange.ended() || exchange.response().closed();
    }

    void next() {
      if (gone()) {
        return;
      }
      Upstream server = group.select(tried, System.nanoTime() / 1_000_000);
      if (server == null) {
        exchange.fail(last != null ? last : ProxyFailure.badGateway("No upstream server is available."));
        return;
      }
      tried |= 1L << server.index();
      count++;
      server.begin();
      selections[server.index()].increment();
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

    private void failed(Upstream server, long t0, Throwable cause, boolean sent) {
      server.end();
      boolean timeout = isTimeout(cause);
      Condition condition = timeout ? Condition.TIMEOUT : Condition.ERROR;
      metrics.failures(server.url(), timeout ? "timeout" : "error").increment();
      if (server.passive().failed(System.nanoTime() / 1_000_000)) {
        log.warn("upstream " + server.url() + " unavailable for " + server.config().failTimeout().toSeconds()
          + " s after " + server.config().maxFails() + " failures (last: " + cause.getMessage() + ")");
      }
      boolean readTimeout = timeout && sent;
      exchange.upstream(server.url(), readTimeout ? 504 : 502, System.nanoTime() - t0);
      last = readTimeout
        ? ProxyFailure.gatewayTimeout("The upstream did not answer within " + readMs + " ms.")
        : ProxyFailure.badGateway("The upstream could not be reached.");
      retryOrFail(condition, sent);
    }

    private void respond(Upstream server, long t0, HttpClientResponse upstream) {
      upstream.exceptionHandler(IGNORE); // until the pipe takes over: a dropped answer is reset on purpose
      int status = upstream.statusCode();
      Condition condition = statusCondition(status);
      boolean listed = condition != null && retry.on().contains(condition);
      if (listed) {
        metrics.failures(server.url(), "http_" + status).increment();
        server.passive().failed(System.nanoTime() / 1_000_000);
      } else {
        server.passive().succeeded();
      }
      long took = System.nanoTime() - t0;
      exchange.upstream(server.url(), status, took);
      upstreamTimes[server.index()].record(took, java.util.concurrent.TimeUnit.NANOSECONDS);
      if (gone()) {
        server.end();
        upstream.request().reset();
        return;
      }
      if (listed && mayRetry(condition, true)) {
        server.end();
        upstream.request().reset(); // drop this answer; the next server gets the request
        retries.increment();
        next();
        return;
      }
      HttpServerResponse out = exchange.response();
      out.setStatusCode(status);
      if (upstream.statusMessage() != null) {
        out.setStatusMessage(upstream.statusMessage());
      }
      HopByHop.copyEndToEnd(upstream.headers(), out.headers(), false);
      boolean noBody = exchange.request().method() == HttpMethod.HEAD || status == 204 || status == 304 || status < 200;
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

    private void retryOrFail(Condition condition, boolean sent) {
      if (mayRetry(condition, sent)) {
        retries.increment();
        next();
      } else {
        exchange.fail(last);
      }
    }

    private boolean mayRetry(Condition condition, boolean sent) {
      if (!retry.on().contains(condition) || count >= maxTries || exchange.response().headWritten()) {
        return false;
      }
      if (!retry.timeout().isZero() && System.nanoTime() - started >= retry.timeout().toNanos()) {
        return false;
      }
      return !sent || retry.nonIdempotent() || idempotent(exchange.request().method());
    }
  }

  static Condition statusCondition(int status) {
    return switch (status) {
      case 500 -> Condition.HTTP_500;
      case 502 -> Condition.HTTP_502;
      case 503 -> Condition.HTTP_503;
      case 504 -> Condition.HTTP_504;
      case 429 -> Condition.HTTP_429;
      default -> null;
    };
  }

  static boolean isTimeout(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof TimeoutException || c instanceof io.netty.channel.ConnectTimeoutException
        || c instanceof java.net.SocketTimeoutException) {
        return true;
      }
      String m = c.getMessage();
      if (m != null && m.contains("timeout period")) {
        return true;
      }
      if (c instanceof ConnectException) {
        return false;
      }
    }
    return false;
  }
}
