package com.interview.proxy.connlimit;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * nginx {@code send_timeout}: a client that takes nothing of what the proxy has to send it for {@code timeoutMs}
 * (a slow reader holding an answer and its upstream connection) is cut. The clock runs only while bytes wait in the
 * connection's outbound buffer, and restarts whenever the client takes some (the buffer shrinks, or its first
 * message advances): a slow but moving reader is not cut, a stalled one is. Sits at the head of the pipeline, so
 * it sees what the socket sees (encrypted bytes under TLS); one per connection, on its event loop.
 */
final class SendTimeout extends ChannelDuplexHandler {

  private final long timeoutNanos;
  private final long checkMs;
  private final Counter cut;
  private ScheduledFuture<?> check;
  private long lastPending;
  private Object lastCurrent;
  private long lastProgress;
  private long progressAt;

  SendTimeout(long timeoutMs, Counter cut) {
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    this.checkMs = Math.max(10, timeoutMs / 4);
    this.cut = cut;
  }

  @Override
  public void flush(ChannelHandlerContext ctx) throws Exception {
    super.flush(ctx);
    if (check == null && pending(ctx) > 0) {
      snapshot(ctx);
      check = ctx.executor().schedule(() -> check(ctx), checkMs, TimeUnit.MILLISECONDS);
    }
  }

  private void check(ChannelHandlerContext ctx) {
    check = null;
    if (!ctx.channel().isActive()) {
      return;
    }
    ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
    long pending = pending(ctx);
    if (pending == 0 || out == null) {
      return; // everything was taken: the clock starts again with the next flush that leaves bytes waiting
    }
    long now = System.nanoTime();
    if (pending < lastPending || out.current() != lastCurrent || out.currentProgress() != lastProgress) {
      snapshot(ctx);
    } else {
      lastPending = pending; // grown by new writes: no progress of the client
      if (now - progressAt >= timeoutNanos) {
        cut.increment();
        ctx.close();
        return;
      }
    }
    check = ctx.executor().schedule(() -> check(ctx), checkMs, TimeUnit.MILLISECONDS);
  }

  private void snapshot(ChannelHandlerContext ctx) {
    ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
    lastPending = pending(ctx);
    lastCurrent = out == null ? null : out.current();
    lastProgress = out == null ? 0 : out.currentProgress();
    progressAt = System.nanoTime();
  }

  private static long pending(ChannelHandlerContext ctx) {
    ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
    return out == null ? 0 : out.totalPendingWriteBytes();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (check != null) {
      check.cancel(false);
      check = null;
    }
  }
}
