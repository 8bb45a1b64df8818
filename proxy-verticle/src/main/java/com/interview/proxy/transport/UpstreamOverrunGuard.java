package com.interview.proxy.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;

import java.util.function.IntSupplier;

/**
 * Keeps an upstream connection from carrying bytes beyond the end of an answer to the next request. The upstream
 * may send more than its answer's framing says (a {@code Content-Length} too short, a forged second answer). Those
 * bytes would be read as the answer to whichever request is given that keep-alive connection next, possibly another
 * client's: a response desync. nginx stops reusing such a connection ("upstream sent more data than specified in
 * Content-Length header"), and so does this guard.
 *
 * <p>It sits right after the response decoder of every upstream HTTP/1.1 connection, Vert.x's client and the lean
 * path alike. The end of a final answer is held until the socket read it came in is over. Anything else that read
 * decodes cannot be the answer to a request not yet sent: the connection is closed first, so it leaves its pool
 * before the held end completes the exchange, and the extra bytes are dropped. The answer itself is complete and is
 * delivered. Bytes arriving in a later read while the connection is idle are refused by the pools themselves.
 *
 * <p>Where the decoder can say how many bytes it holds unparsed ({@code pending}: the lean path's), a final answer
 * ending with bytes left over (a body sent to a HEAD, a stray line) is an overrun too, even before those bytes make
 * a message: they would be read as the start of the next answer.
 */
public final class UpstreamOverrunGuard extends ChannelInboundHandlerAdapter {

  /** The handler's name in the pipeline. */
  public static final String NAME = "upstream-overrun-guard";

  private static final Logger log = LoggerFactory.getLogger(UpstreamOverrunGuard.class);

  private final IntSupplier pending;
  private boolean informational;
  private LastHttpContent held;
  private boolean overrun;

  /** A guard after a decoder that cannot tell what it holds unparsed (Vert.x's client codec). */
  public UpstreamOverrunGuard() {
    this(() -> 0);
  }

  /** A guard after a decoder holding {@code pending} bytes not yet parsed. */
  public UpstreamOverrunGuard(IntSupplier pending) {
    this.pending = pending;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (overrun) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (held != null) {
      ReferenceCountUtil.release(msg);
      overrun(ctx);
      return;
    }
    if (msg instanceof HttpResponse r) {
      int status = r.status().code();
      if (status == 101) { // a WebSocket from now on: its frames may well come in the same read
        ctx.fireChannelRead(msg);
        ctx.pipeline().remove(this);
        return;
      }
      informational = status < 200; // 100, 103: the final answer follows on this read, legitimately
    }
    if (msg instanceof LastHttpContent last && !informational) {
      held = last;
      if (pending.getAsInt() > 0) {
        overrun(ctx);
      }
      return;
    }
    ctx.fireChannelRead(msg);
  }

  /** More than the answer came: the connection closes (out of its pool), then the answer's end goes on. */
  private void overrun(ChannelHandlerContext ctx) {
    overrun = true;
    log.warn("upstream " + ctx.channel().remoteAddress() + " sent more than its answer: connection closed");
    ctx.channel().close();
    release(ctx);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    release(ctx);
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    release(ctx);
    ctx.fireChannelInactive();
  }


  private void release(ChannelHandlerContext ctx) {
    LastHttpContent last = held;
    if (last != null) {
      held = null;
      ctx.fireChannelRead(last);
    }
  }
}
