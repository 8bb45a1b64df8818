package com.interview.proxy.transport;

import com.interview.proxy.chain.ProxyExchange;
import com.interview.proxy.headers.HopByHop;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The proxy's half of one streamed reply over the event bus ({@link BusWire}, "Streamed replies"): a consumer on
 * a fresh {@code proxy.stream.<uuid>} address, registered before the request leaves; once the head arrives, the
 * response is written chunked and each chunk message is written to the client as it comes — never buffered —
 * and acknowledged when the client's connection took it. {@code :end} ends the response. The consumer goes when
 * the response ends, when the client leaves, or when no stream follows. Silence longer than the read timeout
 * resets the client connection; a graceful shutdown of the proxy ends the response at once. Confined to the event loop of the client's connection.
 */
final class BusStreamRelay {

  private final Vertx vertx;
  private final ProxyExchange exchange;
  private final long idleMs;
  private final ArrayDeque<Message<Buffer>> early = new ArrayDeque<>();
  private MessageConsumer<Buffer> consumer;
  private Message<Buffer> awaitingDrain;
  private long idleTimer = -1;
  private boolean relaying;
  private boolean closed;

  BusStreamRelay(Vertx vertx, ProxyExchange exchange, long idleMs) {
    this.vertx = vertx;
    this.exchange = exchange;
    this.idleMs = idleMs;
  }

  /** Whether a request asks for a stream: a GET accepting ({@code accepts}: its Accept values) {@code text/event-stream}. */
  static boolean wanted(HttpMethod method, List<String> accepts) {
    if (method != HttpMethod.GET) {
      return false;
    }
    for (String accept : accepts) {
      if (accept.toLowerCase(Locale.ROOT).contains("text/event-stream")) {
        return true;
      }
    }
    return false;
  }

  /** Registers the consumer; completes with its address once the registration is complete. */
  Future<String> open() {
    String address = BusWire.STREAM_ADDRESS_PREFIX + UUID.randomUUID();
    consumer = vertx.eventBus().consumer(address, this::arrived);
    exchange.onAbandon(this::close); // the client left before the end
    return consumer.completion().map(address);
  }

  /** The head arrived with {@code :stream-to}: writes it (chunked) and relays the chunks from now on. */
  void relay(int status, MultiMap head) {
    HttpServerResponse out = exchange.response();
    if (closed || out.closed()) {
      close();
      return;
    }
    out.setStatusCode(status);
    HopByHop.copyEndToEnd(head, out.headers(), true);
    out.setChunked(true);
    out.writeHead(); // the client sees the head before the first chunk (response hooks run first)
    // a graceful shutdown must not wait its whole grace period for a stream that never ends by itself: end it
    // now (an EventSource reconnects); one handler per connection, so on HTTP/2 the last stream opened gets it
    exchange.request().connection().shutdownHandler(v -> {
      if (!closed) {
        close();
        exchange.respond(Buffer.buffer());
      }
    });
    relaying = true;
    armIdleTimer();
    while (!early.isEmpty() && !closed) {
      handle(early.poll());
    }
  }

  /** No stream follows (an ordinary reply, or none at all): drops the consumer. */
  void cancel() {
    close();
  }

  private void arrived(Message<Buffer> message) {
    if (closed) {
      message.fail(410, "the client is gone");
    } else if (!relaying) {
      early.add(message); // sent before the head's reply was handled here
    } else {
      handle(message);
    }
  }

  private void handle(Message<Buffer> message) {
    armIdleTimer();
    if (message.headers().contains(BusWire.END)) {
      close();
      exchange.respond(Buffer.buffer());
      return;
    }
    HttpServerResponse out = exchange.response();
    Buffer chunk = message.body();
    if (chunk != null && chunk.length() > 0) {
      out.write(chunk);
    }
    if (!out.writeQueueFull()) {
      message.reply(null);
      return;
    }
    awaitingDrain = message;
    out.drainHandler(v -> {
      out.drainHandler(null);
      awaitingDrain = null;
      if (!closed) {
        message.reply(null);
      }
    });
  }

  private void armIdleTimer() {
    if (idleTimer >= 0) {
      vertx.cancelTimer(idleTimer);
    }
    idleTimer = vertx.setTimer(idleMs, id -> {
      idleTimer = -1;
      if (!closed) {
        close();
        exchange.response().reset(); // a body cut short must not look complete
      }
    });
  }

  /** Drops the consumer and the timer, refuses what is held; idempotent. */
  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    consumer.unregister();
    if (idleTimer >= 0) {
      vertx.cancelTimer(idleTimer);
      idleTimer = -1;
    }
    if (awaitingDrain != null) {
      awaitingDrain.fail(410, "the client is gone");
      awaitingDrain = null;
    }
    while (!early.isEmpty()) {
      early.poll().fail(410, "the client is gone");
    }
  }
}
