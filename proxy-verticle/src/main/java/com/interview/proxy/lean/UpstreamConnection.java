package com.interview.proxy.lean;

import com.interview.proxy.balance.Upstream;
import com.interview.proxy.transport.UpstreamOverrunGuard;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.impl.headers.HeadersMultiMap;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One keep-alive connection of the lean path to an upstream server, carrying one exchange at a time: the request
 * head goes as the bytes {@link UpstreamRequestHead} wrote (no encoder), the answer is read by Netty's response
 * decoder into a Vert.x header map, which becomes the client's answer head as it is.
 */
final class UpstreamConnection extends ChannelInboundHandlerAdapter {

  private final LeanForwarder forwarder;
  private final Upstream server;
  private final Decoder decoder = new Decoder();
  private Channel channel;
  private LeanForwarder.Attempts attempts;
  private Throwable cause;
  private ScheduledFuture<?> readTimer;
  private long readTimerDue;
  private final Runnable checkRead = this::checkRead;

  UpstreamConnection(LeanForwarder forwarder, Upstream server) {
    this.forwarder = forwarder;
    this.server = server;
  }

  Upstream server() {
    return server;
  }

  Channel channel() {
    return channel;
  }

  /** The exchange this connection carries now (null: idle); {@code head}: its request is a HEAD. */
  void attempts(LeanForwarder.Attempts a, boolean head) {
    this.attempts = a;
    decoder.head = head;
  }

  /** Closes the connection because of {@code failure}, which the exchange is told. */
  void fail(Throwable failure) {
    if (cause == null) {
      cause = failure;
    }
    channel.close();
  }

  /**
   * Arms the read timeout of the exchange just sent. One timer serves the connection, not one per request: it stays
   * armed from exchange to exchange, and when it fires it measures the exchange under way then (if any) from that
   * exchange's last read, arming itself again for what is left. It is only moved when an exchange's deadline is
   * earlier than the one it is set for (a route with a shorter timeout).
   */
  void armReadTimer(long ms) {
    if (ms <= 0) {
      return;
    }
    long due = System.nanoTime() + ms * 1_000_000L;
    if (readTimer != null) {
      if (readTimerDue - due <= 0) {
        return;
      }
      readTimer.cancel(false);
    }
    schedule(due, ms);
  }

  private void schedule(long due, long ms) {
    readTimerDue = due;
    readTimer = channel.eventLoop().schedule(checkRead, ms, TimeUnit.MILLISECONDS);
  }

  private void checkRead() {
    readTimer = null;
    LeanForwarder.Attempts a = attempts;
    if (a == null || !channel.isActive()) {
      return; // idle: the next exchange arms it again
    }
    long ms = a.readMs();
    long left = a.silentLeftNanos(ms);
    if (left <= 0) {
      fail(LeanForwarder.readTimeout(ms));
    } else {
      schedule(System.nanoTime() + left, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    }
  }

  void disarmReadTimer() {
    if (readTimer != null) {
      readTimer.cancel(false);
      readTimer = null;
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    ctx.pipeline().addBefore(ctx.name(), "decoder", decoder);
    ctx.pipeline().addBefore(ctx.name(), UpstreamOverrunGuard.NAME, new UpstreamOverrunGuard(decoder::pending));
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    LeanForwarder.Attempts a = attempts;
    if (a == null) {
      ReferenceCountUtil.release(msg); // nothing is asked: an answer now is not one to relay
      ctx.close();
      return;
    }
    a.onMessage(this, msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    LeanForwarder.Attempts a = attempts;
    if (a != null) {
      a.onReadComplete();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable failure) {
    fail(failure);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    disarmReadTimer();
    LeanForwarder.Attempts a = attempts;
    attempts = null;
    if (a != null) {
      a.onClosed(this, cause);
    } else {
      forwarder.closedIdle(this);
    }
  }

  /** Netty's response decoder, with Vert.x's header map and the HEAD rule (no body, whatever the length says). */
  private static final class Decoder extends HttpResponseDecoder {
    private boolean head;

    Decoder() {
      super(4096, 8192, 8192);
    }

    @Override
    protected HttpMessage createMessage(String[] initialLine) {
      return new DefaultHttpResponse(HttpVersion.valueOf(initialLine[0]),
        HttpResponseStatus.valueOf(Integer.parseInt(initialLine[1]), initialLine[2]), HeadersMultiMap.httpHeaders());
    }

    /** Bytes received and not yet parsed. */
    int pending() {
      return actualReadableBytes();
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
      return head || super.isContentAlwaysEmpty(msg);
    }
  }
}
