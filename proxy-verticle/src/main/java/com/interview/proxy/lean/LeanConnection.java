package com.interview.proxy.lean;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.net.impl.ShutdownEvent;

import java.util.ArrayDeque;

/**
 * Sits in a client connection's pipeline between the strict decoder (and the compressor) and Vert.x's HTTP
 * connection: each request the {@link LeanPath} takes is answered here from Netty's messages; every other one
 * (bodies, upgrades, static files, /health, refusals) goes on to Vert.x as if this handler were not there. Answers
 * leave in the order the requests came: a request that arrives while the other side still owes an answer (a
 * pipelining client) waits, with reading paused, until that answer is complete.
 *
 * <p>A graceful shutdown (Vert.x's {@link ShutdownEvent}, sent down every connection's pipeline by the server) waits
 * here while a lean answer is under way: that answer is finished with {@code Connection: close}, then the event goes
 * on to Vert.x, which closes the connection (or finishes its own answer first). From the event on, no request starts
 * on the lean path: one that arrived is held until the connection closes, as Vert.x drops what comes after on its
 * own connections.
 */
final class LeanConnection extends ChannelDuplexHandler {

  private final LeanPath path;
  private final io.vertx.core.net.impl.ConnectionBase connection;
  private final ArrayDeque<Object> held = new ArrayDeque<>(2);
  private LeanClientSide current;
  private int vertxOwes; // answers Vert.x still owes for requests handed to it
  private boolean toVertx; // the content being read belongs to a request handed to Vert.x
  private boolean pausedHere;
  private boolean pumping;
  private HttpRequest decided;
  private boolean decidedLean;
  private ChannelHandlerContext ctx;
  private boolean shuttingDown;
  private ShutdownEvent shutdownHeld; // waits for the lean answer under way

  LeanConnection(LeanPath path, io.vertx.core.net.impl.ConnectionBase connection) {
    this.path = path;
    this.connection = connection;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    held.add(msg);
    pump();
  }

  /** Passes on or answers what arrived, in order, as far as the answers owed allow; pauses reading otherwise. */
  private void pump() {
    if (pumping) {
      return; // an answer given while a request was being dispatched: the loop below goes on
    }
    pumping = true;
    try {
      Object msg;
      while ((msg = held.peek()) != null && mayGo(msg)) {
        held.poll();
        dispatch(msg);
      }
    } finally {
      pumping = false;
    }
    boolean waiting = !held.isEmpty();
    if (waiting != pausedHere && ctx.channel().isActive()) {
      pausedHere = waiting;
      ctx.channel().config().setAutoRead(!waiting);
    }
  }

  /** Whether {@code msg} may go now: a request waits while the other side owes an answer. */
  private boolean mayGo(Object msg) {
    if (!(msg instanceof HttpRequest head)) {
      return true; // content follows its head
    }
    if (current != null) {
      return false;
    }
    if (head != decided) {
      decided = head;
      decidedLean = path.takes(head);
    }
    if (decidedLean && shuttingDown) {
      return false; // held (and released) until Vert.x, done with its own answer, closes the connection
    }
    return !decidedLean || vertxOwes == 0;
  }

  private void dispatch(Object msg) {
    if (msg instanceof HttpRequest head) {
      if (decidedLean) {
        toVertx = false;
        ReferenceCountUtil.release(msg); // a request without a body: nothing else in it
        path.start(this, ctx, head, connection);
        return;
      }
      vertxOwes++;
      toVertx = !(msg instanceof LastHttpContent);
      ctx.fireChannelRead(msg);
      return;
    }
    if (msg instanceof HttpContent) {
      if (toVertx) {
        toVertx = !(msg instanceof LastHttpContent);
        ctx.fireChannelRead(msg);
      } else {
        ReferenceCountUtil.release(msg); // the (empty) end of a lean request
      }
      return;
    }
    ctx.fireChannelRead(msg);
  }

  /** {@code side}'s exchange begins: answers of later requests wait for it. */
  void begin(LeanClientSide side) {
    current = side;
  }

  /** The lean answer to {@code side} is written: the next request may go. */
  void answered(LeanClientSide side) {
    if (current == side) {
      current = null;
      ShutdownEvent shutdown = shutdownHeld;
      if (shutdown != null) {
        shutdownHeld = null;
        ctx.fireUserEventTriggered(shutdown); // Vert.x owes nothing (a lean answer goes alone): it closes
        return;
      }
      pump();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ShutdownEvent shutdown && !shuttingDown) {
      shuttingDown = true;
      LeanClientSide side = current;
      if (side != null) {
        side.lastOnConnection(); // RFC 9112 §9.6: the answer says the connection closes after it
        shutdownHeld = shutdown;
        return;
      }
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse r && r.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
      ctx.write(msg, promise); // a WebSocket (or tunnel) from now on: not HTTP any more
      ctx.pipeline().remove(this);
      return;
    }
    boolean informational = msg instanceof HttpResponse r && r.status().code() < 200;
    ctx.write(msg, promise);
    if (!informational && msg instanceof LastHttpContent && vertxOwes > 0) {
      vertxOwes--;
      if (vertxOwes == 0) {
        pump();
      }
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    LeanClientSide side = current;
    if (side != null) {
      side.writabilityChanged();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    LeanClientSide side = current;
    current = null;
    while (!held.isEmpty()) {
      ReferenceCountUtil.release(held.poll());
    }
    if (side != null) {
      side.connectionClosed();
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    while (!held.isEmpty()) {
      ctx.fireChannelRead(held.poll());
    }
  }
}
