package com.interview.proxy.request;

import com.interview.proxy.chain.ProxyFailure;
import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Never smuggle: installs the {@link StrictRequestDecoder} on each HTTP/1.x connection in place of Vert.x's, and
 * says what a request the decoder refused gets ({@link #failureOf}): the decoder's own refusal, 414 for a long
 * request line, 431 for oversized headers, 400 for anything else Netty could not parse. The chain's request rules
 * answer it, with the security headers and a closed connection.
 */
public final class RequestDecoding {

  private static final String DECODER = "httpDecoder";

  private final HttpServerOptions options;
  private final long headTimeoutMs;
  private final Counter headTimeouts;

  /**
   * @param headTimeoutMs the whole request head must arrive within this ({@code proxy.timeouts.clientHeader})
   * @param headTimeouts  counts heads that did not
   */
  public RequestDecoding(HttpServerOptions options, long headTimeoutMs, Counter headTimeouts) {
    this.options = options;
    this.headTimeoutMs = headTimeoutMs;
    this.headTimeouts = headTimeouts;
  }

  /** Replaces the connection's lenient decoder; call from the server's connection handler. */
  public void install(HttpConnection connection) {
    if (connection instanceof ConnectionBase base) {
      ChannelPipeline pipeline = base.channel().pipeline();
      if (pipeline.get(DECODER) instanceof VertxHttpRequestDecoder) {
        pipeline.replace(DECODER, DECODER, new StrictRequestDecoder(options, headTimeoutMs, headTimeouts));
      }
    }
  }

  /** The answer to a request (or body) the decoder refused, from its decoder result's cause. */
  public static ProxyFailure failureOf(Throwable cause) {
    if (cause instanceof RequestRefused refused) {
      return refused.failure();
    }
    if (cause instanceof TooLongHttpLineException) {
      return new ProxyFailure(414, "uri_too_long", "The request line is too long.");
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return new ProxyFailure(431, "headers_too_large", "The request headers are too large.");
    }
    return ProxyFailure.badRequest("bad_request_framing",
      "The request is malformed" + (cause == null || cause.getMessage() == null ? "." : ": " + cause.getMessage() + "."));
  }
}
