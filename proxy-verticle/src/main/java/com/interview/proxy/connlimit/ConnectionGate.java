package com.interview.proxy.connlimit;

import com.interview.proxy.chain.ProxyFailure;
import com.interview.proxy.config.ProxyConfig;
import com.interview.proxy.metrics.ProxyMetrics;
import com.interview.proxy.request.RequestDecoding;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What happens to a client connection before its requests reach the chain, for one proxy instance (event-loop
 * confined): the connection is counted against {@code proxy.connections} (an excess connection has its first
 * request answered {@code connections.status} and is closed; it is released when its socket closes, whichever way
 * — close, reset, timeout, error, shutdown, a WebSocket tunnel ending); the strict decoder is
 * installed (RFC 9112 rules, the whole-head timeout against slowloris); and a {@link SendTimeout} cuts a client
 * that stops reading its answer.
 */
public final class ConnectionGate {

  private final ConnectionLimiter limiter;
  private final RequestDecoding decoding;
  private final ProxyConfig config;
  private final long sendTimeoutMs;
  private final Counter perIpRejected;
  private final Counter maxRejected;
  private final Counter sendTimeouts;
  private final Map<HttpConnection, ConnectionLimiter.Verdict> refused = new IdentityHashMap<>();

  public ConnectionGate(ConnectionLimiter limiter, RequestDecoding decoding, ProxyConfig config, ProxyMetrics metrics) {
    this.limiter = limiter;
    this.decoding = decoding;
    this.config = config;
    this.sendTimeoutMs = config.timeouts().send().toMillis();
    this.perIpRejected = metrics.connectionsRejected("per_ip");
    this.maxRejected = metrics.connectionsRejected("max");
    this.sendTimeouts = metrics.clientTimeouts("send");
  }

  /** The server's connection handler. */
  public void onConnection(HttpConnection connection) {
    decoding.install(connection);
    if (sendTimeoutMs > 0 && connection instanceof ConnectionBase base) {
      base.channel().pipeline().addFirst("sendTimeout", new SendTimeout(sendTimeoutMs, sendTimeouts));
    }
    String address = connection.remoteAddress() == null ? "-" : connection.remoteAddress().hostAddress();
    ConnectionLimiter.Verdict verdict = limiter.admit(address);
    Runnable onClose;
    if (verdict == ConnectionLimiter.Verdict.ADMITTED) {
      onClose = () -> limiter.release(address);
    } else {
      (verdict == ConnectionLimiter.Verdict.PER_IP ? perIpRejected : maxRejected).increment();
      refused.put(connection, verdict);
      onClose = () -> refused.remove(connection);
    }
    if (connection instanceof ConnectionBase base) {
      // the socket's own close, whatever took the connection over since (a WebSocket tunnel is a NetSocket then)
      base.channel().closeFuture().addListener(f -> onClose.run());
    } else {
      connection.closeHandler(v -> onClose.run());
    }
  }

  /** Whether {@code connection} was admitted (a refused one has its first request answered here, then closes). */
  public boolean admitted(HttpConnection connection) {
    return refused.isEmpty() || !refused.containsKey(connection);
  }

  /** Called first for every request: false when the gate answered it (the connection was refused). */
  public boolean admitRequest(HttpServerRequest request) {
    ConnectionLimiter.Verdict verdict = refused.isEmpty() ? null : refused.get(request.connection());
    if (verdict == null) {
      return true;
    }
    ProxyConfig c = config;
    int status = c.connections().status();
    HttpServerResponse response = request.response();
    response.setStatusCode(status);
    c.headers().forEach(response.headers()::set);
    response.headers().set(HttpHeaders.CONTENT_TYPE, "application/problem+json").set(HttpHeaders.CONNECTION, "close");
    if (status == 503 || status == 429) {
      response.headers().set("Retry-After", "1");
    }
    ProxyFailure failure = new ProxyFailure(status, "too_many_connections", verdict == ConnectionLimiter.Verdict.PER_IP
      ? "Too many connections from your address (at most " + c.connections().perIp() + ")."
      : "The proxy has too many open connections (at most " + c.connections().max() + ").");
    response.end(failure.body("-")).onComplete(v -> request.connection().close());
    return false;
  }
}
