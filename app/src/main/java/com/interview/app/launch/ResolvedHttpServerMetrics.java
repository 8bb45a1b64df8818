package com.interview.app.launch;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * An HTTP server's metrics as vertx-micrometer-metrics records them (the same meters, the same moments), with each
 * request's meters looked up in {@link HttpServerMeters} instead of built and registered again on every call. The
 * connection meters (connections, bytes read and written, errors) stay vertx-micrometer's: those calls go to its
 * server metrics, whose socket metric this class passes around untouched.
 *
 * <p>A request's route is what {@link #requestRouted} reported, several joined with {@code >}, "" for none. The active
 * requests gauge counts a request from its beginning until both its request and its answer have ended, or until
 * its reset.
 */
final class ResolvedHttpServerMetrics
  implements HttpServerMetrics<ResolvedHttpServerMetrics.Request, LongAdder, Object> {

  private final HttpServerMetrics<Object, Object, Object> connections;
  private final HttpServerMeters meters;

  @SuppressWarnings("unchecked")
  ResolvedHttpServerMetrics(HttpServerMetrics<?, ?, ?> connections, HttpServerMeters meters) {
    this.connections = (HttpServerMetrics<Object, Object, Object>) connections;
    this.meters = meters;
  }

  @Override
  public Request requestBegin(Object socketMetric, HttpRequest request) {
    return new Request(meters.method(request.method().name()));
  }

  @Override
  public void requestEnd(Request request, HttpRequest ignored, long bytesRead) {
    request.meters.requestBytes().record(bytesRead);
    request.requestEnded = true;
    if (!request.reset && request.responseEnded) {
      request.meters.active.decrement();
    }
  }

  @Override
  public void requestReset(Request request) {
    request.meters.resets().increment();
    request.meters.active.decrement();
    request.reset = true;
  }

  @Override
  public Request responsePushed(Object socketMetric, HttpMethod method, String uri, HttpResponse response) {
    return new Request(meters.pushed());
  }

  @Override
  public void responseEnd(Request request, HttpResponse response, long bytesWritten) {
    HttpServerMeters.Answers answers = request.meters.answers(request.route == null ? "" : request.route,
      response.statusCode());
    answers.requests.increment();
    answers.time.record(System.nanoTime() - request.start, TimeUnit.NANOSECONDS);
    answers.bytes.record(bytesWritten);
    request.responseEnded = true;
    if (!request.reset && request.requestEnded) {
      request.meters.active.decrement();
    }
  }

  @Override
  public void requestRouted(Request request, String route) {
    if (route != null) {
      request.route = request.route == null ? route : request.route + '>' + route;
    }
  }

  @Override
  public LongAdder connected(Object socketMetric, Request request, ServerWebSocket webSocket) {
    LongAdder open = meters.webSockets();
    open.increment();
    return open;
  }

  @Override
  public void disconnected(LongAdder webSockets) {
    webSockets.decrement();
  }

  @Override
  public Object connected(SocketAddress remoteAddress, String remoteName) {
    return connections.connected(remoteAddress, remoteName);
  }

  @Override
  public void disconnected(Object socketMetric, SocketAddress remoteAddress) {
    connections.disconnected(socketMetric, remoteAddress);
  }

  @Override
  public void bytesRead(Object socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
    connections.bytesRead(socketMetric, remoteAddress, numberOfBytes);
  }

  @Override
  public void bytesWritten(Object socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
    connections.bytesWritten(socketMetric, remoteAddress, numberOfBytes);
  }

  @Override
  public void exceptionOccurred(Object socketMetric, SocketAddress remoteAddress, Throwable t) {
    connections.exceptionOccurred(socketMetric, remoteAddress, t);
  }

  @Override
  public void close() {
    connections.close();
  }

  /** One request: its method's meters, when it began, its route so far and how far it got. */
  static final class Request {

    private final HttpServerMeters.ByMethod meters;
    private final long start = System.nanoTime(); // Micrometer's Timer.start(): Clock.SYSTEM's monotonic time
    private String route;
    private boolean requestEnded;
    private boolean responseEnded;
    private boolean reset;

    private Request(HttpServerMeters.ByMethod meters) {
      this.meters = meters;
      meters.active.increment();
    }
  }
}
