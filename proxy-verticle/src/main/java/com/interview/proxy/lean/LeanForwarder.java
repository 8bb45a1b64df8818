package com.interview.proxy.lean;

import com.interview.proxy.balance.Upstream;
import com.interview.proxy.chain.ProxyExchange;
import com.interview.proxy.headers.HopByHop;
import com.interview.proxy.transport.Forwarder;
import com.interview.proxy.transport.UpstreamAttempts;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.MultiMap;
import io.vertx.core.net.HostAndPort;

import java.util.ArrayDeque;
import java.util.concurrent.TimeoutException;

/**
 * The lean path's forwarder: the exchanges of {@link LeanClientSide}s go to the upstream group over Netty
 * connections on the client connection's own event loop (at most {@code keepAlive} per server, kept alive; a request
 * finding them all busy waits for the next one released, up to {@code 64 × keepAlive} waiting),
 * the request head rewritten once and the answer's body passed on as the buffers that arrived, with back-pressure
 * both ways; which server and whether to try another is {@link UpstreamAttempts}' as on the other path. Any other
 * exchange goes to {@code fallback} (Vert.x's client). One instance per proxy verticle, confined to its event loop.
 */
public final class LeanForwarder implements Forwarder {

  private final Forwarder fallback;
  private final UpstreamAttempts.Group group;
  private final int keepAlive;
  private final ArrayDeque<UpstreamConnection>[] idle;
  private final ArrayDeque<Attempts>[] waiting;
  private final int[] open;
  private boolean closed;

  @SuppressWarnings("unchecked")
  public LeanForwarder(Forwarder fallback, UpstreamAttempts.Group group, int keepAlive) {
    this.fallback = fallback;
    this.group = group;
    this.keepAlive = keepAlive;
    int servers = group.servers().servers().size();
    this.idle = new ArrayDeque[servers];
    this.waiting = new ArrayDeque[servers];
    this.open = new int[servers];
    for (int i = 0; i < servers; i++) {
      idle[i] = new ArrayDeque<>();
      waiting[i] = new ArrayDeque<>();
    }
  }

  @Override
  public void forward(ProxyExchange exchange) {
    if (exchange.client() instanceof LeanClientSide side) {
      new Attempts(exchange, side).next();
    } else {
      fallback.forward(exchange);
    }
  }

  /** Closes the idle connections (the verticle stops). */
  public void close() {
    closed = true;
    for (ArrayDeque<UpstreamConnection> q : idle) {
      UpstreamConnection c;
      while ((c = q.poll()) != null) {
        c.channel().close();
      }
    }
  }

  /** An idle connection to {@code server} on {@code loop}, or null. */
  private UpstreamConnection take(Upstream server, EventLoop loop) {
    ArrayDeque<UpstreamConnection> q = idle[server.index()];
    UpstreamConnection c;
    while ((c = q.pollFirst()) != null) {
      if (c.channel().isActive() && c.channel().eventLoop() == loop) {
        return c;
      }
      c.channel().close();
    }
    return null;
  }

  /** {@code c} finished an exchange and may carry the next one: a waiting request's, or none yet. */
  void release(UpstreamConnection c) {
    ArrayDeque<Attempts> queue = waiting[c.server().index()];
    if (!queue.isEmpty() && c.channel().isActive()) {
      queue.poll().send(c);
      return;
    }
    ArrayDeque<UpstreamConnection> q = idle[c.server().index()];
    if (closed || q.size() >= keepAlive || !c.channel().isActive()) {
      c.channel().close();
    } else {
      q.addFirst(c); // the most recently used first: the others age out on the server's keep-alive timeout
    }
  }

  /** A connection to {@code server} closed (or never opened): a waiting request may open another. */
  private void connectionGone(Upstream server) {
    int i = server.index();
    open[i]--;
    if (!waiting[i].isEmpty() && open[i] < keepAlive && !closed) {
      waiting[i].poll().connect();
    }
  }

  /** {@code c} closed while idle. */
  void closedIdle(UpstreamConnection c) {
    idle[c.server().index()].remove(c);
  }

  /** The attempts of one lean exchange. */
  final class Attempts extends UpstreamAttempts {
    private final LeanClientSide side;
    private final boolean headRequest;
    private Upstream server;
    private UpstreamConnection connection;
    private long t0;
    private boolean serverEnded;
    private boolean relaying;
    private boolean upstreamKeepAlive;
    private long lastRead;

    Attempts(ProxyExchange exchange, LeanClientSide side) {
      super(group, exchange);
      this.side = side;
      this.headRequest = exchange.method() == io.vertx.core.http.HttpMethod.HEAD;
    }

    @Override
    protected void attempt(Upstream server) {
      this.server = server;
      this.serverEnded = false;
      this.relaying = false;
      this.t0 = System.nanoTime();
      Channel client = side.channel();
      EventLoop loop = client.eventLoop();
      UpstreamConnection pooled = take(server, loop);
      if (pooled != null) {
        send(pooled);
        return;
      }
      int i = server.index();
      if (open[i] < keepAlive) {
        connect();
        return;
      }
      if (waiting[i].size() >= keepAlive * 64) { // as Vert.x's pool: overload must not become unbounded latency
        serverEnded = true;
        failed(server, t0, new IllegalStateException("too many requests waiting for a connection"), false);
        return;
      }
      waiting[i].add(this); // every connection to the server is busy: the next one released takes this request
      exchange.onAbandon(() -> {
        if (waiting[i].remove(this)) {
          endServer();
        }
      });
    }

    /** Opens a connection to the server (within the {@code keepAlive} connections per server) and sends on it. */
    void connect() {
      Channel client = side.channel();
      UpstreamConnection fresh = new UpstreamConnection(LeanForwarder.this, server);
      Upstream to = server;
      open[to.index()]++;
      ChannelFuture connecting = new Bootstrap().group(client.eventLoop()).channel(client.getClass())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.ALLOCATOR, client.config().getAllocator())
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectMs))
        .handler(fresh)
        .connect(to.host(), to.port());
      connecting.channel().closeFuture().addListener(f -> connectionGone(to));
      exchange.onAbandon(() -> connecting.channel().close());
      connecting.addListener(f -> {
        if (!f.isSuccess()) {
          if (gone()) {
            endServer();
          } else {
            serverEnded = true;
            failed(server, t0, f.cause(), false);
          }
          return;
        }
        if (gone()) {
          endServer();
          connecting.channel().close();
          return;
        }
        send(fresh);
      });
    }

    private void send(UpstreamConnection c) {
      this.connection = c;
      c.attempts(this, headRequest);
      // a client that goes away is noticed at once (nginx: proxy_ignore_client_abort off): the upstream connection
      // is closed, freeing it and the server's in-flight slot
      exchange.onAbandon(() -> c.channel().close());
      // the request head, rewritten once into the bytes that go: the client's Host goes upstream (nginx:
      // proxy_set_header Host $host), else the server's authority
      HostAndPort authority = side.authority();
      ByteBuf head = c.channel().alloc().buffer(512);
      UpstreamRequestHead.write(head, exchange.method().name(), exchange.uri(), exchange.requestHeaders(),
        authority != null ? authority.toString() : server.host() + ":" + server.port());
      c.channel().writeAndFlush(head).addListener(f -> {
        if (!f.isSuccess() && connection == c && !relaying) {
          c.fail(new NotSent(f.cause())); // nothing reached the upstream
        }
      });
      lastRead = System.nanoTime();
      c.armReadTimer(readMs);
    }

    /** The read timer of the current connection fired: how long the upstream may stay silent yet (≤ 0: timed out). */
    long silentLeftNanos(long ms) {
      return lastRead + ms * 1_000_000L - System.nanoTime();
    }

    long readMs() {
      return readMs;
    }

    private void endServer() {
      if (!serverEnded) {
        serverEnded = true;
        server.end();
      }
    }

    /** A message from the upstream connection. */
    void onMessage(UpstreamConnection c, Object msg) {
      lastRead = System.nanoTime();
      if (msg instanceof HttpResponse response && !relaying) {
        if (!response.decoderResult().isSuccess() || response.status().code() == 101) {
          ReferenceCountUtil.release(msg);
          c.fail(new IllegalStateException("invalid upstream response"));
          return;
        }
        if (response.status().code() < 200) {
          ReferenceCountUtil.release(msg); // 100, 103: the final answer follows
          return;
        }
        onHead(c, response);
        if (!relaying) {
          ReferenceCountUtil.release(msg);
          return;
        }
      }
      if (!(msg instanceof HttpContent content)) {
        return;
      }
      if (!relaying) {
        ReferenceCountUtil.release(msg);
        return;
      }
      if (msg instanceof LastHttpContent last) {
        connection = null; // the read timer stays armed for the connection's next exchange
        endServer();
        side.writeLast(last);
        c.attempts(null, false);
        if (upstreamKeepAlive) {
          release(c);
        } else {
          c.channel().close();
        }
        return;
      }
      side.writeContent(content.content());
      if (!side.writable()) {
        c.channel().config().setAutoRead(false); // the client reads slower than the upstream sends
        side.onWritable(() -> c.channel().config().setAutoRead(true));
      }
    }

    private void onHead(UpstreamConnection c, HttpResponse response) {
      int status = response.status().code();
      Verdict verdict = answered(server, t0, status);
      if (verdict != Verdict.RELAY) {
        serverEnded = true; // ended by answered()
        connection = null;
        c.attempts(null, false);
        c.channel().close(); // drop this answer
        if (verdict == Verdict.RETRY) {
          next(); // the next server gets the request
        }
        return;
      }
      relaying = true;
      upstreamKeepAlive = HttpUtil.isKeepAlive(response);
      side.statusCode(status);
      String reason = response.status().reasonPhrase();
      if (!reason.equals(io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase())) {
        side.statusMessage(reason);
      }
      MultiMap from = (MultiMap) response.headers();
      HopByHop.keepEndToEnd(from); // the decoded head goes on as it is, less its hop-by-hop headers: no copy
      side.adoptResponseHeaders(from);
      side.writeHead(!side.responseHeaders().contains(HttpHeaderNames.CONTENT_LENGTH));
    }

    /** The upstream read of this moment is over: send on what it brought. */
    void onReadComplete() {
      if (relaying) {
        side.flush();
      }
    }

    /** The upstream connection closed before the exchange was over ({@code cause} null: it just closed). */
    void onClosed(UpstreamConnection c, Throwable cause) {
      if (connection != c) {
        return;
      }
      connection = null;
      c.disarmReadTimer();
      if (gone()) {
        endServer();
        return;
      }
      if (relaying) {
        endServer();
        side.reset(); // the upstream broke mid-body: the client sees a broken response, as with nginx
        return;
      }
      serverEnded = true;
      failed(server, t0, cause != null ? cause : new java.io.IOException("the upstream closed the connection"),
        !(cause instanceof NotSent));
    }
  }

  /** A write that never reached the upstream. */
  static final class NotSent extends java.io.IOException {
    NotSent(Throwable cause) {
      super("the request could not be written", cause);
    }
  }

  static TimeoutException readTimeout(long ms) {
    return new TimeoutException("no answer within the timeout period of " + ms + " ms");
  }
}
