package com.interview.proxy.headers;

import com.interview.proxy.chain.ProxyFailure;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.net.impl.ConnectionBase;

import java.util.Map;

/**
 * Never smuggle: installs the {@link StrictRequestDecoder} on each HTTP/1.x connection, and answers every request
 * the decoder refused (ambiguous framing, invalid header names, oversized heads) with a problem+json 400 (414 for a
 * long request line, 431 for oversized headers), the security headers, and a closed connection. Nothing of such a
 * request reaches an upstream.
 */
public final class FramingGuard {

  private static final String DECODER = "httpDecoder";

  private final HttpServerOptions options;
  private final Map<String, String> securityHeaders;

  public FramingGuard(HttpServerOptions options, Map<String, String> securityHeaders) {
    this.options = options;
    this.securityHeaders = securityHeaders;
  }

  /** Replaces the connection's lenient decoder; call from the server's connection handler. */
  public void install(HttpConnection connection) {
    if (connection instanceof ConnectionBase base) {
      ChannelPipeline pipeline = base.channel().pipeline();
      if (pipeline.get(DECODER) instanceof VertxHttpRequestDecoder) {
        pipeline.replace(DECODER, DECODER, new StrictRequestDecoder(options));
      }
    }
  }

  /** The server's invalid-request handler. */
  public Handler<HttpServerRequest> invalidRequestHandler() {
    return request -> {
      Throwable cause = request.decoderResult().cause();
      ProxyFailure failure;
      if (cause instanceof TooLongHttpLineException) {
        failure = new ProxyFailure(414, "uri_too_long", "The request line is too long.");
      } else if (cause instanceof TooLongHttpHeaderException) {
        failure = new ProxyFailure(431, "headers_too_large", "The request headers are too large.");
      } else {
        failure = ProxyFailure.badRequest("bad_request_framing",
          "The request is malformed" + (cause == null || cause.getMessage() == null ? "." : ": " + cause.getMessage() + "."));
      }
      HttpServerResponse response = request.response();
      response.setStatusCode(failure.status());
      securityHeaders.forEach(response.headers()::set);
      response.headers().set(HttpHeaders.CONTENT_TYPE, "application/problem+json").set(HttpHeaders.CONNECTION, "close");
      response.end(failure.body("-")).onComplete(v -> request.connection().close());
    };
  }
}
