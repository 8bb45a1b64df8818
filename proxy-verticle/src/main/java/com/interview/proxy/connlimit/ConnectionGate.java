package com.interview.proxy.connlimit;

import com.interview.proxy.chain.ProxyFailure;
import com.interview.proxy.config.ProxyConfig;
import com.interview.proxy.headers.FramingGuard;
import com.interview.proxy.metrics.ProxyMetrics;
import io.micrometer.core.instrument.Counter;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What happens to a client connection before its requests reach the chain, for one proxy instance (event-loop
 * confined): the strict decoder is installed; the connection is counted against {@code proxy.connections}
 * (an excess connection has its first request answered {@code connections.status} and is closed); and a client
 * that does not send a complete request head within {@code timeouts.clientHeader} is answered 408 and closed
 * (slowloris).
 */
public final class ConnectionGate {

  private final Vertx vertx;
  private final ConnectionLimiter limiter;
  private final FramingGuard framing;
  private final ProxyConfig config;
  private final long headerTimeoutMs;
  private final Counter perIpRejected;
  private final Counter maxRejected;
  private final Map<HttpConnection, Long> awaitingHead = new HashMap<>();
  private final Map<HttpConnection, ConnectionLimiter.Verdict> refused = new IdentityHashMap<>();

  public ConnectionGate(Vertx vertx, ConnectionLimiter limiter, FramingGuard framing, ProxyConfig config,
                        ProxyMetrics metrics) {
    this.vertx = vertx;
    this.limiter = limiter;
    this.framing = framing;
    this.config = config;
    this.headerTimeoutMs = config.timeouts().clientHeader().toMillis();
    this.perIpRejected = metrics.connectionsRejected("per_ip");
    this.maxRejected = metrics.connectionsRejected("max");
  }

  /** The server's connection handler. */
  public void onConnection(HttpConnection connection) {
    framing.install(connection);
    String address = connection.remoteAddress() == null ? "-" : connection.remoteAddress().hostAddress();
    ConnectionLimiter.Verdict verdict = limiter.admit(address);
    if (verdict == ConnectionLimiter.Verdict.ADMITTED) {
      connection.closeHandler(v -> {
        limiter.release(address);
        Long timer = awaitingHead.remove(connection);
        if (timer != null) {
          vertx.cancelTimer(timer);
        }
      });
    } else {
      (verdict == ConnectionLimiter.Verdict.PER_IP ? perIpRejected : maxRejected).increment();
      refused.put(connection, verdict);
      connection.closeHandler(v -> refused.remove(connection));
    }
    awaitingHead.put(connection, vertx.setTimer(headerTimeoutMs, t -> headTimedOut(connection)));
  }

  /** Called first for every request: false when the gate answered it (the connection was refused). */
  public boolean admitRequest(HttpServerRequest request) {
    HttpConnection connection = request.connection();
    if (!awaitingHead.isEmpty()) {
      Long timer = awaitingHead.remove(connection);
      if (timer != null) {
        vertx.cancelTimer(timer);
      }
    }
    ConnectionLimiter.Verdict verdict = refused.isEmpty() ? null : refused.get(connection);
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
    response.end(failure.body("-")).onComplete(v -> connection.close());
    return false;
  }

  private void headTimedOut(HttpConnection connection) {
    if (awaitingHead.remove(connection) == null) {
      return;
    }
    if (!connection.isSsl() && connection instanceof ConnectionBase base) {
      // no request object exists yet: write the 408 below the HTTP codec, then close
      Channel channel = base.channel();
      String body = "{\"type\":\"urn:interview:problem:client_header_timeout\",\"title\":\"Request Timeout\","
        + "\"status\":408,\"detail\":\"The request head did not arrive in time.\",\"code\":\"client_header_timeout\"}";
      String head = "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/problem+json\r\nConnection: close\r\n"
        + "Content-Length: " + body.length() + "\r\n\r\n";
      channel.pipeline().firstContext().writeAndFlush(Unpooled.copiedBuffer(head + body, StandardCharsets.US_ASCII))
        .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    connection.close();
  }
}
