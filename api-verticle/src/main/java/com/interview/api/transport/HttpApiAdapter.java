package com.interview.api.transport;

import com.interview.api.common.ApiProblem;
import com.interview.api.contract.ApiDispatcher;
import com.interview.api.contract.ApiRequest;
import com.interview.api.contract.ApiResponse;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The API's own HTTP port (for proxies on the {@code http} transport): translates an HTTP exchange to and from
 * the {@link ApiDispatcher}. The client address is the {@code X-Real-IP} a proxy set, else the peer. A streamed
 * answer (Server-Sent Events) is written as a chunked response ({@link HttpStreamSink}).
 */
public final class HttpApiAdapter implements Handler<HttpServerRequest> {

  private static final CharSequence X_REAL_IP = HttpHeaders.createOptimized("X-Real-IP");

  private final ApiDispatcher dispatcher;
  private final long maxBody;

  public HttpApiAdapter(ApiDispatcher dispatcher, long maxBody) {
    this.dispatcher = dispatcher;
    this.maxBody = maxBody;
  }

  @Override
  public void handle(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && parse(length) > maxBody) {
      request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
      write(request, ApiResponse.problem(new ApiProblem(413, "body_too_large", "The body exceeds " + maxBody + " bytes.")));
      return;
    }
    request.body().onComplete(ar -> {
      if (ar.failed()) {
        return; // the client went away
      }
      Buffer body = ar.result();
      if (body.length() > maxBody) {
        request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        write(request, ApiResponse.problem(new ApiProblem(413, "body_too_large", "The body exceeds " + maxBody + " bytes.")));
        return;
      }
      String realIp = request.getHeader(X_REAL_IP);
      String client = realIp != null ? realIp : request.remoteAddress() == null ? "-" : request.remoteAddress().hostAddress();
      ApiRequest apiRequest = new ApiRequest(request.method(), request.uri(), request.headers(),
        body.length() == 0 ? null : body, client);
      dispatcher.dispatch(apiRequest).onSuccess(response -> write(request, response));
    });
  }

  private static void write(HttpServerRequest request, ApiResponse response) {
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
      return;
    }
    out.end(response.body());
  }

  private static long parse(String length) {
    try {
      return Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
