package com.interview.api.transport;

import com.interview.api.common.ApiProblem;
import com.interview.api.contract.ApiDispatcher;
import com.interview.api.contract.ApiRequest;
import com.interview.api.contract.ApiResponse;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;

/**
 * The API's own HTTP port (for proxies on the {@code http} transport): translates an HTTP exchange to and from
 * the {@link ApiDispatcher}. The client address is the {@code X-Real-IP} a proxy set, else the peer. A streamed
 * answer (Server-Sent Events) is written as a chunked response ({@link HttpStreamSink}).
 */
public final class HttpApiAdapter implements Handler<HttpServerRequest> {

  private static final CharSequence X_REAL_IP = HttpHeaders.createOptimized("X-Real-IP");

  /** How long the rest of a refused body is read (and dropped) before its connection is closed anyway. */
  static final long LINGER_MS = 2000;

  private final Vertx vertx;
  private final ApiDispatcher dispatcher;
  private final long maxBody;

  public HttpApiAdapter(Vertx vertx, ApiDispatcher dispatcher, long maxBody) {
    this.vertx = vertx;
    this.dispatcher = dispatcher;
    this.maxBody = maxBody;
  }

  @Override
  public void handle(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    long declared = length == null ? -1 : parse(length);
    if (declared > maxBody) {
      refuseTooLarge(request);
      return;
    }
    // read chunk by chunk, not with request.body(): a chunked body declares no length, and one that never ends
    // must be refused once it passes the limit rather than held in memory until it does
    Buffer body = Buffer.buffer(declared > 0 ? (int) declared : 256);
    request.handler(chunk -> {
      if ((long) body.length() + chunk.length() > maxBody) {
        refuseTooLarge(request);
      } else {
        body.appendBuffer(chunk);
      }
    });
    request.endHandler(v -> dispatch(request, body));
    request.exceptionHandler(gone -> {
    }); // the client went away: the end never comes, nothing is answered
  }

  private void dispatch(HttpServerRequest request, Buffer body) {
    String realIp = request.getHeader(X_REAL_IP);
    String client = realIp != null ? realIp : request.remoteAddress() == null ? "-" : request.remoteAddress().hostAddress();
    ApiRequest apiRequest = new ApiRequest(request.method(), request.uri(), request.headers(),
      body.length() == 0 ? null : body, client);
    dispatcher.dispatch(apiRequest).onSuccess(response -> write(request, response));
  }

  /**
   * Answers 413, then closes an HTTP/1 connection — its unread body must not be taken for a next request — once the
   * body ended or after {@link #LINGER_MS}. Until then what arrives is read and dropped: closing a socket with unread
   * data resets it, and a client still sending would lose the 413 (nginx's lingering close).
   */
  private void refuseTooLarge(HttpServerRequest request) {
    request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    Future<Void> written = write(request,
      ApiResponse.problem(new ApiProblem(413, "body_too_large", "The body exceeds " + maxBody + " bytes.")));
    request.handler(dropped -> {
    });
    if (request.version() == HttpVersion.HTTP_2) {
      request.endHandler(null); // only this stream ends; the connection's other streams go on
      return;
    }
    Runnable close = () -> written.onComplete(w -> request.connection().close());
    long timer = vertx.setTimer(LINGER_MS, t -> close.run());
    request.endHandler(v -> {
      vertx.cancelTimer(timer);
      close.run();
    });
  }

  private static Future<Void> write(HttpServerRequest request, ApiResponse response) {
    HttpServerResponse out = request.response();
    if (response.route() != null) {
      request.routed(response.route());
    }
    out.setStatusCode(response.status());
    out.headers().addAll(response.headers());
    if (response.stream() != null) {
      // the head now (chunked), then whatever the stream writes, at the pace the client reads
      out.setChunked(true);
      HttpStreamSink sink = new HttpStreamSink(request);
      out.writeHead();
      response.stream().start(sink);
      return Future.succeededFuture();
    }
    return out.end(response.body());
  }

  private static long parse(String length) {
    try {
      return Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
