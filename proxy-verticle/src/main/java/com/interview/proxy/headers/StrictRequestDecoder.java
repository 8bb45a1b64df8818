package com.interview.proxy.headers;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;

import java.util.List;

/**
 * Vert.x's HTTP/1.x request decoder, made strict where Netty is lenient — so ambiguous framing is refused instead
 * of normalised (RFC 9112 §6.1, §5.2): a request with both {@code Content-Length} and {@code Transfer-Encoding},
 * a {@code Transfer-Encoding} whose last coding is not {@code chunked}, or a header continued on the next line
 * (obs-fold) becomes an invalid request, which the server's invalid-request handler answers 400 and closes.
 * Netty already refuses invalid header names and differing duplicate lengths. Installed per connection in
 * place of the stock decoder (see {@link FramingGuard}).
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {

  private boolean inHead = true;
  private boolean afterRequestLine;
  private boolean lineStart;
  private boolean folded;

  StrictRequestDecoder(HttpServerOptions options) {
    super(options);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
    if (inHead && !folded) {
      scanHead(in);
    }
    int before = out.size();
    super.decode(ctx, in, out);
    for (int i = before; i < out.size(); i++) {
      Object o = out.get(i);
      if (o instanceof HttpRequest) {
        inHead = false;
      }
      if (o instanceof LastHttpContent) {
        inHead = true;
        afterRequestLine = false;
        lineStart = false;
        folded = false;
      }
    }
  }

  /** Looks at the unread part of the head for a line that starts with a space or tab (obs-fold). */
  private void scanHead(ByteBuf in) {
    // Netty consumes whole lines only: once the request line is consumed, the reader sits at a line start.
    boolean atStart = afterRequestLine || lineStart;
    for (int i = in.readerIndex(), end = in.writerIndex(); i < end; i++) {
      byte b = in.getByte(i);
      if (atStart && afterRequestLine) {
        if (b == ' ' || b == '\t') {
          folded = true;
          return;
        }
        if (b == '\r' || b == '\n') {
          return; // the blank line: the head ends here, a body may follow
        }
      }
      atStart = b == '\n';
      if (atStart) {
        afterRequestLine = true;
      }
    }
    lineStart = atStart;
  }

  @Override
  protected boolean isContentAlwaysEmpty(HttpMessage msg) {
    if (folded) {
      throw new IllegalArgumentException("obsolete line folding (obs-fold) in the request head");
    }
    List<String> codings = msg.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
    if (!codings.isEmpty()) {
      String all = String.join(",", codings);
      String last = all.substring(all.lastIndexOf(',') + 1).trim();
      if (!last.equalsIgnoreCase("chunked")) {
        throw new IllegalArgumentException("Transfer-Encoding does not end with chunked: " + all);
      }
      if (msg.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
        throw new IllegalArgumentException("both Content-Length and Transfer-Encoding");
      }
    }
    return super.isContentAlwaysEmpty(msg);
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    throw new IllegalArgumentException("both Content-Length and Transfer-Encoding");
  }
}
