package com.interview.proxy.request;

import com.interview.proxy.chain.ProxyFailure;
import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Vert.x's HTTP/1.x request decoder, made strict where Netty is lenient, for the wire rules of RFC 9112 that only
 * HTTP/1 has. Each refusal becomes the decoder result of an invalid request (or of the body), answered by the
 * chain's request rules with a problem+json and a closed connection; nothing of such a request reaches an
 * upstream.
 * <ul>
 *   <li>Version: only {@code HTTP/1.0} and {@code HTTP/1.1}; another {@code HTTP/x.y} (the HTTP/2 preface
 *   {@code PRI * HTTP/2.0} included) is 505.</li>
 *   <li>Framing (§6): {@code Content-Length} with {@code Transfer-Encoding}, more than one {@code Content-Length}
 *   line, {@code Transfer-Encoding} in HTTP/1.0, {@code chunked} not last or twice, obs-fold: 400; a transfer
 *   coding other than chunked: 501. A malformed chunked body (Netty's checks, plus {@link ChunkSizeCheck}): 400.</li>
 *   <li>Hop-by-hop abuse (RFC 9110 §7.6.1): the headers the client's {@code Connection} names are removed from the
 *   client's headers here, before any filter adds its own, so {@code Connection: X-Forwarded-For} cannot delete
 *   what the proxy sets; {@code Host}, {@code Content-Length} and {@code Transfer-Encoding} are never removed (the
 *   framing is the decoder's). {@code Upgrade} survives only as a WebSocket upgrade of a GET; {@code HTTP2-Settings}
 *   never; a header whose name holds an underscore is dropped (nginx {@code underscores_in_headers off}: a
 *   {@code Transfer_Encoding} must not become a Transfer-Encoding behind a CGI-style upstream).</li>
 *   <li>Slow heads (slowloris): the whole head must arrive within {@code headTimeoutMs} of the connection's start or
 *   of the first byte of the next head — not reset by each line; else 408.</li>
 * </ul>
 * One instance per connection, on its event loop.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {

  /** Never removed for the client's Connection: the framing (and the authority) are the decoder's. */
  private static final java.util.Set<String> PROTECTED = java.util.Set.of("host", "content-length", "transfer-encoding");
  private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final long headTimeoutMs;
  private final Counter headTimeouts;
  private final ChunkSizeCheck chunks = new ChunkSizeCheck();
  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> headTimer;
  private final Runnable checkHead = this::checkHead;
  private long headStart = -1; // System.nanoTime() at the first byte of the head under way, -1 between heads
  private boolean inHead = true;
  private boolean afterRequestLine;
  private boolean lineStart;
  private boolean folded;
  private int lengthLines;
  private boolean chunkedBody;
  private boolean broken;

  StrictRequestDecoder(HttpServerOptions options, long headTimeoutMs, Counter headTimeouts) {
    super(options);
    this.headTimeoutMs = headTimeoutMs;
    this.headTimeouts = headTimeouts;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
    super.handlerAdded(ctx);
    this.ctx = ctx;
    startHead(); // a connection that sends nothing is a head that never arrives
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
    cancelHeadTimer();
    super.handlerRemoved0(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancelHeadTimer();
    super.channelInactive(ctx);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
    if (broken) {
      in.skipBytes(in.readableBytes()); // refused: nothing after it is read
      return;
    }
    if (inHead) {
      if (headStart < 0 && in.isReadable()) {
        startHead();
      }
      if (!folded) {
        scanHead(in);
      }
    }
    int before = out.size();
    int from = in.readerIndex();
    super.decode(ctx, in, out);
    if (chunkedBody) {
      String wrong = chunks.feed(in, from, in.readerIndex());
      if (wrong != null) {
        for (int i = out.size() - 1; i >= before; i--) {
          ReferenceCountUtil.release(out.remove(i));
        }
        out.add(refusedBody(ProxyFailure.badRequest("bad_request_framing", "The chunked body is malformed: " + wrong + ".")));
        broken = true;
        return;
      }
    }
    for (int i = before; i < out.size(); i++) {
      Object o = out.get(i);
      if (o instanceof HttpRequest request) {
        inHead = false;
        headStart = -1; // the timer stays armed: it finds no head under way, or the next one, when it fires
        chunkedBody = request.decoderResult().isSuccess() && HttpUtil.isTransferEncodingChunked(request);
        chunks.reset();
        broken |= request.decoderResult().isFailure();
        continue; // an invalid request (Netty's is a full request: a content too) is answered as a request
      }
      if (o instanceof HttpContent content && content.decoderResult().isFailure()) {
        Throwable cause = content.decoderResult().cause();
        ReferenceCountUtil.release(content);
        out.set(i, refusedBody(ProxyFailure.badRequest("bad_request_framing", "The chunked body is malformed"
          + (cause == null || cause.getMessage() == null ? "." : ": " + cause.getMessage() + "."))));
        broken = true;
      } else if (o instanceof LastHttpContent) {
        inHead = true;
        chunkedBody = false;
        afterRequestLine = false;
        lineStart = false;
        folded = false;
        lengthLines = 0;
      }
    }
  }

  private static LastHttpContent refusedBody(ProxyFailure failure) {
    LastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
    last.setDecoderResult(DecoderResult.failure(new RequestRefused(failure)));
    return last;
  }

  /**
   * A head begins. One timer serves the connection, not one per request: it is armed when none is, and when it fires
   * it measures the head under way then (if any) from that head's first byte, arming itself again for what is left.
   * Each head's deadline is later than the one before, so the timer is never late.
   */
  private void startHead() {
    headStart = System.nanoTime();
    if (headTimer == null && ctx != null && headTimeoutMs > 0) {
      headTimer = ctx.executor().schedule(checkHead, headTimeoutMs, TimeUnit.MILLISECONDS);
    }
  }

  private void checkHead() {
    headTimer = null;
    if (!inHead || headStart < 0 || broken || !ctx.channel().isActive()) {
      return; // no head under way: the next one arms the timer again
    }
    long left = headStart + TimeUnit.MILLISECONDS.toNanos(headTimeoutMs) - System.nanoTime();
    if (left > 0) {
      headTimer = ctx.executor().schedule(checkHead, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)),
        TimeUnit.MILLISECONDS);
      return;
    }
    headTimedOut();
  }

  private void cancelHeadTimer() {
    if (headTimer != null) {
      headTimer.cancel(false);
      headTimer = null;
    }
  }

  /** The head did not arrive in time: an invalid request with a 408 refusal, handled like any other. */
  private void headTimedOut() {
    broken = true;
    headTimeouts.increment();
    HttpMessage timedOut = createInvalidMessage();
    timedOut.setDecoderResult(DecoderResult.failure(new RequestRefused(new ProxyFailure(408, "client_header_timeout",
      "The request head did not arrive within " + headTimeoutMs + " ms."))));
    ctx.fireChannelRead(timedOut);
    ctx.fireChannelReadComplete(); // Vert.x flushes what it wrote at read-complete
  }

  /**
   * Looks at the unread part of the head, line by line: a line that starts with a space or tab (obs-fold), and
   * the {@code Content-Length} lines (Netty merges equal duplicates in HTTP/1.0; a second line is refused here).
   */
  private void scanHead(ByteBuf in) {
    // Netty consumes whole lines only: once the request line is consumed, the reader sits at a line start, and a
    // line seen here without its LF is seen again, whole, next time — so a line is counted at its LF only.
    boolean atStart = afterRequestLine || lineStart;
    boolean lengthLine = false;
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
        lengthLine = (b == 'c' || b == 'C') && startsWith(in, i, end, CONTENT_LENGTH);
      }
      atStart = b == '\n';
      if (atStart) {
        if (lengthLine) {
          lengthLines++;
          lengthLine = false;
        }
        afterRequestLine = true;
      }
    }
    lineStart = atStart;
  }

  /** Whether {@code in[i, end)} starts with the lower-case ASCII {@code name}, ignoring case. */
  private static boolean startsWith(ByteBuf in, int i, int end, byte[] name) {
    if (end - i < name.length) {
      return false;
    }
    for (int k = 0; k < name.length; k++) {
      int c = in.getByte(i + k);
      if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != name[k]) {
        return false;
      }
    }
    return true;
  }

  @Override
  protected HttpMessage createMessage(String[] initialLine) {
    String version = initialLine[2];
    if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
      if (version.matches("HTTP/\\d\\.\\d")) {
        throw new RequestRefused(new ProxyFailure(505, "http_version_not_supported",
          "Only HTTP/1.0 and HTTP/1.1 are served on this port (got " + version + ")."));
      }
      throw RequestRefused.badRequest("bad_request_line", "The request line is malformed.");
    }
    return super.createMessage(initialLine);
  }

  @Override
  protected boolean isContentAlwaysEmpty(HttpMessage msg) {
    if (folded) {
      throw framing("obsolete line folding (obs-fold) in the request head");
    }
    HttpHeaders headers = msg.headers();
    if (lengthLines > 1) {
      throw framing("more than one Content-Length");
    }
    List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
    if (!codings.isEmpty()) {
      checkCodings(msg, codings);
    }
    stripHopByHopAbuse(msg);
    return super.isContentAlwaysEmpty(msg);
  }

  private static void checkCodings(HttpMessage msg, List<String> fields) {
    if (msg.protocolVersion() == HttpVersion.HTTP_1_0) {
      throw framing("Transfer-Encoding in an HTTP/1.0 request");
    }
    if (msg.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
      throw framing("both Content-Length and Transfer-Encoding");
    }
    String all = String.join(",", fields);
    String[] codings = all.split(",", -1);
    for (int i = 0; i < codings.length; i++) {
      String coding = codings[i].trim();
      boolean last = i == codings.length - 1;
      if (coding.equalsIgnoreCase("chunked")) {
        if (!last) {
          throw framing("chunked is not the last transfer coding: " + all);
        }
      } else if (last) {
        throw framing("Transfer-Encoding does not end with chunked: " + all);
      } else if (!coding.isEmpty() && coding.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ';')) {
        throw new RequestRefused(new ProxyFailure(501, "unsupported_transfer_coding",
          "Only the chunked transfer coding is accepted (got " + all + ")."));
      } else {
        throw framing("malformed Transfer-Encoding: " + all);
      }
    }
  }

  /** Removes what the client's Connection names (never the framing headers) and the upgrades the edge refuses. */
  private static void stripHopByHopAbuse(HttpMessage msg) {
    HttpHeaders headers = msg.headers();
    headers.remove("HTTP2-Settings");
    List<CharSequence> underscored = null;
    for (var it = headers.iteratorCharSequence(); it.hasNext(); ) {
      CharSequence name = it.next().getKey();
      for (int i = 0; i < name.length(); i++) {
        if (name.charAt(i) == '_') { // nginx underscores_in_headers off: Transfer_Encoding may mean TE to a CGI stack
          (underscored == null ? underscored = new ArrayList<>(1) : underscored).add(name);
          break;
        }
      }
    }
    if (underscored != null) {
      underscored.forEach(headers::remove);
    }
    String upgrade = headers.get(HttpHeaderNames.UPGRADE);
    boolean websocket = upgrade != null && msg instanceof HttpRequest r && r.method() == HttpMethod.GET
      && upgrade.trim().equalsIgnoreCase("websocket");
    if (upgrade != null && !websocket) {
      headers.remove(HttpHeaderNames.UPGRADE);
    }
    List<String> connection = headers.getAll(HttpHeaderNames.CONNECTION);
    if (connection.isEmpty()) {
      return;
    }
    List<String> kept = new ArrayList<>(2);
    for (String field : connection) {
      for (String token : field.split(",")) {
        String t = token.trim();
        if (t.isEmpty()) {
          continue;
        }
        if (t.equalsIgnoreCase("close") || t.equalsIgnoreCase("keep-alive") || (websocket && t.equalsIgnoreCase("upgrade"))) {
          kept.add(t);
        } else if (!PROTECTED.contains(t.toLowerCase(java.util.Locale.ROOT))) {
          headers.remove(t);
        }
      }
    }
    if (kept.isEmpty()) {
      headers.remove(HttpHeaderNames.CONNECTION);
    } else {
      headers.set(HttpHeaderNames.CONNECTION, String.join(", ", kept));
    }
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    throw framing("both Content-Length and Transfer-Encoding");
  }

  private static RequestRefused framing(String detail) {
    return RequestRefused.badRequest("bad_request_framing", "The request is malformed: " + detail + ".");
  }
}
