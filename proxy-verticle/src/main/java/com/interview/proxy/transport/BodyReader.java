package com.interview.proxy.transport;

import com.interview.proxy.chain.ProxyExchange;
import com.interview.proxy.chain.ProxyFailure;
import com.interview.proxy.config.Timeouts;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * Reads a request body into memory before it is forwarded, bounded by the route's limit (nginx
 * {@code client_max_body_size} with {@code proxy_request_buffering on}): a body over the limit is answered 413
 * before any upstream sees a byte, and a buffered body can be sent again when an attempt is retried.
 * A client pausing longer than {@code clientBody} between two reads is answered 408, and so is one slower than
 * {@code minBodyRate}: the body must be complete by {@code clientBody + received / minBodyRate} after it began
 * (Apache {@code mod_reqtimeout}'s MinRate; a body trickled at a byte every few seconds is cut in about
 * {@code clientBody}, however large it claims to be). A client that sent
 * {@code Expect: 100-continue} is told to send its body once the declared length is known to fit.
 */
public final class BodyReader {

  private BodyReader() {
  }

  /** Whether the request carries a body at all (RFC 9112 §6.3: Content-Length or Transfer-Encoding). */
  public static boolean hasBody(HttpServerRequest request) {
    String length = request.headers().get(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      return !length.equals("0");
    }
    if (request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
      return true;
    }
    return request.version() == HttpVersion.HTTP_2 && !request.isEnded();
  }

  /**
   * Reads the body of {@code exchange} and calls {@code onBody} with it (null when there is none). On a body
   * over {@code limit} or a stalled client the exchange is answered here and {@code onBody} is never called.
   * The request must have been paused since its head arrived if it has a body.
   */
  public static void read(Vertx vertx, ProxyExchange exchange, long limit, Timeouts timeouts, Counter timedOut,
                          Handler<Buffer> onBody) {
    if (!exchange.client().hasBody()) { // a lean exchange never has one
      onBody.handle(null);
      return;
    }
    HttpServerRequest request = exchange.request();
    String length = request.headers().get(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      long declared;
      try {
        declared = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        declared = -1;
      }
      if (declared < 0) {
        closeAfter(exchange, new ProxyFailure(400, "bad_content_length", "Content-Length is not a number."));
        return;
      }
      if (declared > limit) {
        closeAfter(exchange, tooLarge(limit));
        return;
      }
    }
    if (expectsContinue(request)) {
      request.response().writeContinue(); // the client holds its body back until told to send it (RFC 9110 §10.1.1)
    }
    new Reader(vertx, exchange, limit, timeouts, timedOut, onBody).start();
  }

  /** Whether the client sent {@code Expect: 100-continue} and waits for an interim answer before its body. */
  static boolean expectsContinue(HttpServerRequest request) {
    String expect = request.headers().get(HttpHeaders.EXPECT);
    return expect != null && expect.trim().equalsIgnoreCase("100-continue");
  }

  static ProxyFailure tooLarge(long limit) {
    return new ProxyFailure(413, "body_too_large", "The request body exceeds the limit of " + limit + " bytes for this route.");
  }

  /** Answers and closes the connection: the unread body must not be taken for the next request. */
  static void closeAfter(ProxyExchange exchange, ProxyFailure failure) {
    exchange.closeConnection();
    exchange.fail(failure);
  }

  private static final class Reader {
    private final Vertx vertx;
    private final ProxyExchange exchange;
    private final long limit;
    private final long timeoutMs;
    private final long minRate;
    private final Counter timedOut;
    private final Handler<Buffer> onBody;
    private final long startedMs = System.nanoTime() / 1_000_000;
    private Buffer body;
    private long timer = -1;
    private boolean done;

    Reader(Vertx vertx, ProxyExchange exchange, long limit, Timeouts timeouts, Counter timedOut, Handler<Buffer> onBody) {
      this.vertx = vertx;
      this.exchange = exchange;
      this.limit = limit;
      this.timeoutMs = timeouts.clientBody().toMillis();
      this.minRate = timeouts.minBodyRate();
      this.timedOut = timedOut;
      this.onBody = onBody;
    }

    void start() {
      HttpServerRequest request = exchange.request();
      String length = request.headers().get(HttpHeaders.CONTENT_LENGTH);
      body = Buffer.buffer(length == null ? 1024 : (int) Math.min(Long.parseLong(length.trim()), limit));
      arm();
      request.handler(this::chunk);
      request.endHandler(v -> finish());
      exchange.onRequestError(e -> abort()); // a refused body was answered by the exchange; a gone client needs none
      request.resume();
    }

    private void chunk(Buffer chunk) {
      if (done) {
        return;
      }
      if ((long) body.length() + chunk.length() > limit) {
        stop();
        closeAfter(exchange, tooLarge(limit));
        return;
      }
      body.appendBuffer(chunk);
      arm();
    }

    private void finish() {
      if (!done) {
        stop();
        onBody.handle(body);
      }
    }

    private void abort() {
      stop();
    }

    /** (Re)arms the one timer: the pause allowed from now, or the rate deadline when that comes first. */
    private void arm() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
      long now = System.nanoTime() / 1_000_000;
      long due = now + timeoutMs;
      boolean rate = false;
      if (minRate > 0) {
        long byRate = startedMs + timeoutMs + body.length() * 1000L / minRate;
        if (byRate < due) {
          due = byRate;
          rate = true;
        }
      }
      boolean tooSlow = rate;
      timer = vertx.setTimer(Math.max(1, due - now), t -> {
        timer = -1;
        if (!done) {
          stop();
          timedOut.increment();
          closeAfter(exchange, tooSlow
            ? new ProxyFailure(408, "client_body_too_slow", "The request body arrived slower than " + minRate + " bytes/s.")
            : new ProxyFailure(408, "client_body_timeout", "The request body did not arrive in time."));
        }
      });
    }

    private void stop() {
      done = true;
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }
  }
}
