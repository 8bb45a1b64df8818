package com.interview.proxy.lean;

import com.interview.proxy.chain.ClientSide;
import com.interview.proxy.chain.ProxyExchange;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.impl.headers.HeadersAdaptor;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.spi.metrics.HttpServerMetrics;

import java.net.InetSocketAddress;

/**
 * The client's side of an exchange on the lean path: one HTTP/1.x request without a body as Netty decoded it, and
 * its answer written as Netty messages on the same connection, through the server's own encoder and compressor. It
 * records the request in the HTTP server metrics as Vert.x's server would, and tells its {@link LeanConnection}
 * when the answer is complete so the next request of the connection can go.
 */
final class LeanClientSide implements ClientSide {

  private final LeanConnection connection;
  private final ChannelHandlerContext ctx;
  private final HttpRequest head;
  private final MultiMap headers;
  private final HttpMethod method;
  private final HttpVersion version;
  private boolean keepAlive;
  private final ProxyExchange exchange;
  private final ConnectionBase base;
  private final HttpServerMetrics<Object, ?, Object> metrics;
  private final Object metric;
  private MultiMap responseHeaders; // made when first asked for, or the upstream's decoded head adopted
  private int status = 200;
  private String reason;
  private boolean headWritten;
  private HttpResponseStatus pendingStatus; // the head committed and not written yet
  private boolean closeAfter;
  private io.netty.channel.ChannelFuture lastWrite;
  private boolean ended;
  private boolean closed;
  private long bytesWritten;
  private Runnable onWritable;
  private HostAndPort authority;
  private boolean authorityParsed;
  private final RequestView view = new RequestView();
  private final ResponseView answer = new ResponseView();

  @SuppressWarnings("unchecked")
  LeanClientSide(LeanConnection connection, ChannelHandlerContext ctx, HttpRequest head, ProxyExchange exchange,
                 ConnectionBase base) {
    this.connection = connection;
    this.ctx = ctx;
    this.head = head;
    this.exchange = exchange;
    this.headers = head.headers() instanceof MultiMap m ? m : new HeadersAdaptor(head.headers());
    this.method = HttpMethod.valueOf(head.method().name());
    this.version = head.protocolVersion().minorVersion() == 0 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
    this.keepAlive = io.netty.handler.codec.http.HttpUtil.isKeepAlive(head);
    this.base = base;
    this.metrics = base.metrics() instanceof HttpServerMetrics<?, ?, ?> m ? (HttpServerMetrics<Object, ?, Object>) m : null;
    Object m = null;
    if (this.metrics != null) {
      m = this.metrics.requestBegin(base.metric(), view);
      this.metrics.requestEnd(m, view, 0);
    }
    this.metric = m;
  }

  ProxyExchange exchange() {
    return exchange;
  }

  @Override
  public HttpMethod method() {
    return method;
  }

  @Override
  public String uri() {
    return head.uri();
  }

  @Override
  public String path() {
    String uri = head.uri();
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }

  @Override
  public HttpVersion version() {
    return version;
  }

  @Override
  public MultiMap headers() {
    return headers;
  }

  @Override
  public HostAndPort authority() {
    if (!authorityParsed) { // asked by the forwarding headers and the forwarder: parsed once
      authorityParsed = true;
      String host = headers.get(HttpHeaderNames.HOST);
      authority = host == null ? null : HostAndPort.parseAuthority(host, -1);
    }
    return authority;
  }

  @Override
  public boolean isSSL() {
    return false;
  }

  @Override
  public String scheme() {
    return "http";
  }

  @Override
  public String remoteAddress() {
    return ctx.channel().remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
      ? a.getAddress().getHostAddress() : null;
  }

  @Override
  public DecoderResult decoderResult() {
    return head.decoderResult();
  }

  @Override
  public boolean hasBody() {
    return false; // the lean path takes requests without a body only
  }

  @Override
  public boolean isEnded() {
    return true;
  }

  @Override
  public void routed(String label) {
    if (metrics != null) {
      metrics.requestRouted(metric, label);
    }
  }

  @Override
  public int statusCode() {
    return status;
  }

  @Override
  public void statusCode(int status) {
    this.status = status;
  }

  @Override
  public void statusMessage(String message) {
    this.reason = message;
  }

  @Override
  public MultiMap responseHeaders() {
    if (responseHeaders == null) {
      responseHeaders = LeanPath.headMap();
    }
    return responseHeaders;
  }

  /**
   * Makes {@code upstream} (the upstream's decoded answer head, its hop-by-hop headers removed) the answer's headers,
   * with any a filter set before it came: the head is passed on without a copy.
   */
  void adoptResponseHeaders(MultiMap upstream) {
    if (responseHeaders != null && !responseHeaders.isEmpty()) {
      upstream.addAll(responseHeaders);
    }
    responseHeaders = upstream;
  }

  @Override
  public boolean headWritten() {
    return headWritten;
  }

  @Override
  public boolean responseEnded() {
    return ended;
  }

  @Override
  public boolean closed() {
    return closed;
  }

  @Override
  public long bytesWritten() {
    return bytesWritten;
  }

  /** The connection closes after this answer (a graceful shutdown): said in its head if that is not yet written. */
  void lastOnConnection() {
    keepAlive = false;
  }

  /** Whether the answer may carry content (RFC 9110 §6.4.1). */
  boolean contentAllowed() {
    return method != HttpMethod.HEAD && status >= 200 && status != 204 && status != 304;
  }

  /**
   * Commits the head (after the response hooks): {@code chunked} when the length is not known. It is written with
   * the first piece of the body, or at the next flush: an answer whose body arrives whole goes to the client as one
   * message (one pass through the pipeline, head and body together).
   */
  void writeHead(boolean chunked) {
    exchange.beforeResponse();
    headWritten = true;
    MultiMap responseHeaders = responseHeaders();
    if (!keepAlive) {
      responseHeaders.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (version == HttpVersion.HTTP_1_0) {
      responseHeaders.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    if (chunked && contentAllowed()) {
      if (version == HttpVersion.HTTP_1_0) {
        responseHeaders.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE); // the end of the body is the close
      } else {
        responseHeaders.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      }
    }
    closeAfter = !keepAlive
      || HttpHeaderValues.CLOSE.contentEqualsIgnoreCase(String.valueOf(responseHeaders.get(HttpHeaderNames.CONNECTION)));
    pendingStatus = reason == null ? HttpResponseStatus.valueOf(status) : new HttpResponseStatus(status, reason);
    if (metrics != null) {
      metrics.responseBegin(metric, answer);
    }
  }

  private io.netty.handler.codec.http.HttpVersion nettyVersion() {
    return version == HttpVersion.HTTP_1_0
      ? io.netty.handler.codec.http.HttpVersion.HTTP_1_0 : io.netty.handler.codec.http.HttpVersion.HTTP_1_1;
  }

  /** Writes the committed head if it is not written yet (not flushed). */
  private void writePendingHead() {
    if (pendingStatus != null) {
      ctx.write(new DefaultHttpResponse(nettyVersion(), pendingStatus,
        (io.netty.handler.codec.http.HttpHeaders) responseHeaders));
      pendingStatus = null;
    }
  }

  /** Writes a piece of the body as it arrived (not flushed). */
  void writeContent(ByteBuf content) {
    writePendingHead();
    bytesWritten += content.readableBytes();
    ctx.write(new DefaultHttpContent(content));
  }

  /** Ends the answer with {@code last} (its content and trailers), flushed; the connection goes on or closes. */
  void writeLast(LastHttpContent last) {
    bytesWritten += last.content().readableBytes();
    io.netty.channel.ChannelFuture f;
    if (pendingStatus != null) { // the whole answer at once: head and body in one message
      f = ctx.writeAndFlush(new DefaultFullHttpResponse(nettyVersion(), pendingStatus, last.content(),
        (io.netty.handler.codec.http.HttpHeaders) responseHeaders, last.trailingHeaders()));
      pendingStatus = null;
    } else {
      f = ctx.writeAndFlush(last);
    }
    if (closeAfter) {
      f.addListener(ChannelFutureListener.CLOSE);
    }
    ended = true;
    if (metrics != null) {
      metrics.responseEnd(metric, answer, bytesWritten);
      base.reportBytesWritten(bytesWritten); // vertx_http_server_bytes_written, counted as Vert.x does: the body
    }
    connection.answered(this);
    exchange.answered();
    lastWrite = f;
  }

  @Override
  public Future<Void> end(Buffer body) {
    ByteBuf content = body == null ? Unpooled.EMPTY_BUFFER : ((BufferInternal) body).getByteBuf();
    MultiMap headers = responseHeaders();
    if (status < 200 || status == 204) {
      headers.remove(HttpHeaderNames.CONTENT_LENGTH); // RFC 9110 §8.6: never on 1xx or 204
    } else if (contentAllowed()) {
      // a HEAD or 304 keeps the length its upstream gave (that of the representation), or none, as Vert.x's does
      headers.set(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(content.readableBytes()));
    }
    writeHead(false);
    writeLast(contentAllowed() ? new DefaultLastHttpContent(content) : LastHttpContent.EMPTY_LAST_CONTENT);
    Promise<Void> written = Promise.promise();
    lastWrite.addListener(done -> {
      if (done.isSuccess()) {
        written.tryComplete();
      } else {
        written.tryFail(done.cause());
      }
    });
    return written.future();
  }

  @Override
  public void reset() {
    ctx.close(); // HTTP/1: a connection cut before the answer is complete is how a client sees a broken response
  }

  @Override
  public void close() {
    writePendingHead();
    ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void flush() {
    writePendingHead();
    ctx.flush();
  }

  /** The client connection. */
  io.netty.channel.Channel channel() {
    return ctx.channel();
  }

  /** Whether the client takes more without buffering (back-pressure towards the upstream). */
  boolean writable() {
    return ctx.channel().isWritable();
  }

  /** Runs {@code action} when the client connection becomes writable again (replaces an earlier one). */
  void onWritable(Runnable action) {
    this.onWritable = action;
  }

  void writabilityChanged() {
    Runnable r = onWritable;
    if (r != null && ctx.channel().isWritable()) {
      r.run();
    }
  }

  /** The client connection is gone. */
  void connectionClosed() {
    closed = true;
    if (!ended && metrics != null) {
      metrics.requestReset(metric);
    }
    exchange.closed();
  }

  /** The request as the HTTP server metrics see it. */
  private final class RequestView implements io.vertx.core.spi.observability.HttpRequest {

    @Override
    public int id() {
      return 1;
    }

    @Override
    public String uri() {
      return head.uri();
    }

    @Override
    public String absoluteURI() {
      String host = headers.get(HttpHeaderNames.HOST);
      return "http://" + (host == null ? "" : host) + head.uri();
    }

    @Override
    public HttpMethod method() {
      return method;
    }

    @Override
    public MultiMap headers() {
      return headers;
    }

    @Override
    public SocketAddress remoteAddress() {
      return ctx.channel().remoteAddress() instanceof InetSocketAddress a
        ? SocketAddress.inetSocketAddress(a) : null;
    }

  }

  /** The answer as the HTTP server metrics see it. */
  private final class ResponseView implements io.vertx.core.spi.observability.HttpResponse {

    @Override
    public int statusCode() {
      return status;
    }

    @Override
    public MultiMap headers() {
      return responseHeaders();
    }
  }
}
