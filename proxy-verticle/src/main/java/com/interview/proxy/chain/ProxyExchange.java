package com.interview.proxy.chain;

import com.interview.proxy.request.RequestRefused;
import com.interview.proxy.request.RequestTarget;
import com.interview.proxy.route.Route;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.HostAndPort;

/**
 * One request going through the proxy: the client's request, its normalised target and route (set by the request
 * rules), what filters learned about it (client address, request id) and what the forwarder reports for the access
 * log (upstream address, status, time). It also tells what the client did: a body the decoder refused mid-way is
 * answered here (400, connection closed), and a client that went away before its answer is {@link #abandoned()} —
 * which the forwarders must never count against an upstream. The request and the answer are reached through its
 * {@link ClientSide} (Vert.x's server, or the lean HTTP/1.1 path), so filters work on either. Confined to the event
 * loop of the client connection: no synchronisation.
 */
public final class ProxyExchange {

  private static final CharSequence PROBLEM_JSON = HttpHeaders.createOptimized("application/problem+json");

  private final ClientSide client;
  private Route route;
  private RequestTarget target;
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
  private boolean abandoned;
  private Runnable onAbandon;
  private Handler<Throwable> onRequestError;

  ProxyExchange(HttpServerRequest request, FilterChain chain) {
    this.chain = chain;
    this.startNanos = System.nanoTime();
    this.client = new VertxClientSide(request, this);
    this.clientAddress = orDash(client.remoteAddress());
  }

  /** An exchange on another {@link ClientSide}: {@code client} is made with {@code this} and calls it back. */
  ProxyExchange(java.util.function.Function<ProxyExchange, ClientSide> client, FilterChain chain) {
    this.chain = chain;
    this.startNanos = System.nanoTime();
    this.client = client.apply(this);
    this.clientAddress = orDash(this.client.remoteAddress());
  }

  private static String orDash(String address) {
    return address == null ? "-" : address;
  }

  /** The answer was written completely (told by the {@link ClientSide}). */
  public void answered() {
    end();
  }

  /** The client connection closed (told by the {@link ClientSide}). */
  public void closed() {
    gone();
    end();
  }

  /** The request failed: its body refused by the decoder, or its connection gone. */
  void failed(Throwable e) {
    if (e instanceof RequestRefused refused) { // the decoder refused the body: answer, unless an answer is under way
      if (!ended && !client.headWritten()) {
        closeConnection();
        fail(refused.failure());
        client.flush(); // Vert.x closes the connection right after this handler, before its own flush
      }
    } else {
      gone();
    }
    Handler<Throwable> h = onRequestError;
    if (h != null) {
      onRequestError = null;
      h.handle(e);
    }
  }

  /** The client's connection went away: before the answer was complete, the exchange is abandoned. */
  private void gone() {
    if (!abandoned && !client.responseEnded()) {
      abandoned = true;
      Runnable r = onAbandon;
      onAbandon = null;
      if (r != null) {
        r.run();
      }
    }
  }

  /**
   * Whether the client went away (closed, reset) before its answer was complete (nginx's 499). Set before any
   * {@link #onAbandon} action runs, so a forwarder seeing its upstream attempt fail knows whose fault it was.
   */
  public boolean abandoned() {
    return abandoned;
  }

  /** Runs {@code action} once if the client goes away before its answer is complete (replaces an earlier one). */
  public void onAbandon(Runnable action) {
    this.onAbandon = action;
  }

  /** Runs {@code handler} once when the request fails: its body refused, or its connection gone. */
  public void onRequestError(Handler<Throwable> handler) {
    this.onRequestError = handler;
  }

  /** The status for the access log: the response's, or 499 when the client left before the head was sent. */
  public int loggedStatus() {
    return abandoned && !client.headWritten() ? 499 : client.statusCode();
  }

  /** Hands the exchange to the next filter, or to the terminal after the last one. */
  public void proceed() {
    chain.next(this, cursor++);
  }

  /** Ends the exchange with the proxy's own problem+json answer (response hooks run first). */
  public void fail(ProxyFailure failure) {
    if (client.closed()) {
      return;
    }
    if (client.headWritten()) { // too late for a status: cut the connection so the client sees a broken response
      client.reset();
      return;
    }
    Buffer json = failure.body(requestId == null ? "-" : requestId);
    client.statusCode(failure.status());
    MultiMap headers = client.responseHeaders();
    headers.set(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON);
    headers.remove(HttpHeaders.CONTENT_ENCODING);
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
    if (!closeConnection && client.hasBody() && !client.isEnded()) {
      closeConnection(); // a paused body would block the connection: Vert.x reads no next request behind it
    }
    beforeResponse();
    Future<Void> written = client.end(body);
    if (closeConnection) {
      written.onComplete(v -> client.close());
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
    if (client.version() != HttpVersion.HTTP_2) {
      closeConnection = true;
      client.responseHeaders().set(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
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

  /**
   * Vert.x's request, for what only Vert.x's server carries (bodies, WebSocket upgrades, files, the event-bus
   * transport); the lean path never takes such exchanges.
   *
   * @throws IllegalStateException on an exchange of the lean path
   */
  public HttpServerRequest request() {
    if (client instanceof VertxClientSide vertx) {
      return vertx.request();
    }
    throw new IllegalStateException("not on Vert.x's HTTP server: " + client.getClass().getSimpleName());
  }

  /** Vert.x's response (see {@link #request()}). */
  public HttpServerResponse response() {
    return request().response();
  }

  /** The client's side: the request as received, the answer being made. */
  public ClientSide client() {
    return client;
  }

  public MultiMap requestHeaders() {
    return client.headers();
  }

  public HttpMethod method() {
    return client.method();
  }

  /** The client's authority (Host / :authority), or null. */
  public HostAndPort authority() {
    return client.authority();
  }

  public boolean isSSL() {
    return client.isSSL();
  }

  /** The headers of the answer, before its head is written. */
  public MultiMap responseHeaders() {
    return client.responseHeaders();
  }

  public int statusCode() {
    return client.statusCode();
  }

  public void statusCode(int status) {
    client.statusCode(status);
  }

  /** The matched route, or null when no route matches the path (or before the request rules ran). */
  public Route route() {
    return route;
  }

  public void route(Route route) {
    this.route = route;
  }

  /** The normalised target, set by the request rules before any policy filter. */
  public void target(RequestTarget target) {
    this.target = target;
  }

  /** The normalised path (what routes and limits see); the raw one before the request rules ran. */
  public String path() {
    return target == null ? client.path() : target.path();
  }

  /** The normalised path and query: what is forwarded. */
  public String uri() {
    return target == null ? client.uri() : target.uri();
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
