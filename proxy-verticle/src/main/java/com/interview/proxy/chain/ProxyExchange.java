package com.interview.proxy.chain;

import com.interview.proxy.route.Route;
import com.interview.proxy.transport.BodyReader;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;

/**
 * One request going through the proxy: the client's request, the matched route, what filters learned about it
 * (client address, request id) and what the forwarder reports for the access log (upstream address, status, time).
 * Confined to the event loop of the client connection: no synchronisation.
 */
public final class ProxyExchange {

  private static final CharSequence PROBLEM_JSON = HttpHeaders.createOptimized("application/problem+json");

  private final HttpServerRequest request;
  private final Route route;
  private final FilterChain chain;
  private final long startNanos;
  private int cursor;
  private boolean headHooksRan;
  private boolean ended;
  private String requestId;
  private String clientAddress;
  private Buffer body;
  private String upstreamAddress;
  private int upstreamStatus;
  private long upstreamNanos = -1;
  private int tries;
  private Object limiterTicket;
  private boolean closeConnection;

  ProxyExchange(HttpServerRequest request, Route route, FilterChain chain) {
    this.request = request;
    this.route = route;
    this.chain = chain;
    this.startNanos = System.nanoTime();
    this.clientAddress = request.remoteAddress() == null ? "-" : request.remoteAddress().hostAddress();
    HttpServerResponse response = request.response();
    response.headersEndHandler(v -> beforeResponse()); // whoever writes the head, the response hooks run first
    response.endHandler(v -> end());
    response.closeHandler(v -> end());
  }

  /** Hands the exchange to the next filter, or to the terminal after the last one. */
  public void proceed() {
    chain.next(this, cursor++);
  }

  /** Ends the exchange with the proxy's own problem+json answer (response hooks run first). */
  public void fail(ProxyFailure failure) {
    HttpServerResponse response = request.response();
    if (response.headWritten()) { // too late for a status: cut the connection so the client sees a broken response
      response.reset();
      return;
    }
    Buffer json = failure.body(requestId == null ? "-" : requestId);
    response.setStatusCode(failure.status());
    response.headers().set(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON);
    response.headers().remove(HttpHeaders.CONTENT_ENCODING);
    respond(json);
  }

  /**
   * Ends the exchange after a bug or an unexpected value from an upstream: 502 when nothing was sent yet, else the
   * connection is reset. Never leaves a client waiting.
   */
  public void abort(Throwable cause) {
    if (!ended) {
      fail(ProxyFailure.badGateway("The proxy could not relay the answer (" + cause.getClass().getSimpleName() + ")."));
    }
  }

  /**
   * Ends the exchange with {@code body}, after the response hooks. The status and headers are already set. After
   * {@link #closeConnection()}, or when the request's body was never read (an answer given before forwarding: 404,
   * rate limited, 405, a redirect), the client connection is closed once the response is written.
   */
  public void respond(Buffer body) {
    if (!closeConnection && BodyReader.hasBody(request) && !request.isEnded()) {
      closeConnection(); // a paused body would block the connection: Vert.x reads no next request behind it
    }
    beforeResponse();
    Future<Void> written = request.response().end(body);
    if (closeConnection) {
      written.onComplete(v -> request.connection().close());
    }
  }

  /**
   * Closes the client connection after the proxy's answer ({@link #respond}, {@link #fail}): for a request whose
   * body stays unread or half read, so none of it is ever taken for the next request. HTTP/1.x: the answer says
   * {@code Connection: close} and the connection is closed once it is written (Vert.x does not close for the
   * header alone). HTTP/2: nothing to do — the stream ends by itself, and connection-specific headers are
   * forbidden there.
   */
  public void closeConnection() {
    if (request.version() != HttpVersion.HTTP_2) {
      closeConnection = true;
      request.response().headers().set(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    }
  }

  /**
   * Runs the response hooks (in reverse chain order) once. Called automatically just before the head is written;
   * call it earlier only to let the hooks see the head before you write the body yourself.
   */
  public void beforeResponse() {
    if (!headHooksRan) {
      headHooksRan = true;
      chain.responseHooks(this, Math.min(cursor, chain.size()));
    }
  }

  private void end() {
    if (!ended) {
      ended = true;
      chain.endHooks(this, Math.min(cursor, chain.size()));
    }
  }

  public HttpServerRequest request() {
    return request;
  }

  public HttpServerResponse response() {
    return request.response();
  }

  public MultiMap requestHeaders() {
    return request.headers();
  }

  /** The matched route, or null when no route matches the path. */
  public Route route() {
    return route;
  }

  public long startNanos() {
    return startNanos;
  }

  public boolean ended() {
    return ended;
  }

  public String requestId() {
    return requestId;
  }

  public void requestId(String id) {
    this.requestId = id;
  }

  /** The client's address: the peer, or what a trusted proxy said it was. */
  public String clientAddress() {
    return clientAddress;
  }

  public void clientAddress(String address) {
    this.clientAddress = address;
  }

  /** The request body once read (bounded by the route's limit), or null before that / when there is none. */
  public Buffer body() {
    return body;
  }

  public void body(Buffer body) {
    this.body = body;
  }

  /** Records an attempt on an upstream, for the access log and metrics. */
  public void upstream(String address, int status, long nanos) {
    this.upstreamAddress = upstreamAddress == null ? address : upstreamAddress + ", " + address;
    this.upstreamStatus = status;
    this.upstreamNanos = upstreamNanos < 0 ? nanos : upstreamNanos + nanos;
    this.tries++;
  }

  public String upstreamAddress() {
    return upstreamAddress;
  }

  public int upstreamStatus() {
    return upstreamStatus;
  }

  /** Nanoseconds spent waiting for upstreams, -1 when none was tried. */
  public long upstreamNanos() {
    return upstreamNanos;
  }

  /** Attempts made on upstreams so far. */
  public int tries() {
    return tries;
  }

  /** State a rate limiter keeps for this exchange (e.g. a delayed release), or null. */
  public Object limiterTicket() {
    return limiterTicket;
  }

  public void limiterTicket(Object ticket) {
    this.limiterTicket = ticket;
  }
}
