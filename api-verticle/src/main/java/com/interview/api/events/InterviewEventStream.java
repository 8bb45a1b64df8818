package com.interview.api.events;

import com.interview.api.auth.Principal;
import com.interview.api.contract.ResponseStream;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * One caller's stream of interview changes. On start a consumer of {@link InterviewChanges#ADDRESS} is registered
 * and, once it is, {@code retry: 3000} goes out; from then on the consumer turns every change the caller may see into {@code event: interview} with an
 * increasing {@code id} and the interview as {@code data}; a {@code : keep-alive} comment every {@code keepAlive}
 * keeps proxies from timing the connection out (and tells the API when the client left: the write fails).
 *
 * <p>Writes go out one at a time, each after the sink took the previous (back-pressure); a client that falls
 * more than {@code maxPending} chunks behind is dropped (its {@code EventSource} reconnects) rather than buffered
 * without bound. The stream also ends when the caller's access token expires: a session logged out meanwhile
 * listens no longer than its token would have been accepted. When the client goes away, or the stream ends, the consumer and the timers are removed.
 * Confined to the event loop that started it.
 */
public final class InterviewEventStream implements ResponseStream {

  /** Reconnection delay announced to clients. */
  public static final long RETRY_MS = 3000;
  static final String EVENT = "interview";
  static final String KEEP_ALIVE = "keep-alive";

  private final Vertx vertx;
  private final Principal caller;
  private final Duration keepAlive;
  private final int maxPending;
  private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
  private Sink sink;
  private MessageConsumer<Object> consumer;
  private long keepAliveTimer = -1;
  private long expiryTimer = -1;
  private long nextId = 1;
  private boolean writing;
  private boolean closed;

  public InterviewEventStream(Vertx vertx, Principal caller, Duration keepAlive, int maxPending) {
    this.vertx = vertx;
    this.caller = caller;
    this.keepAlive = keepAlive;
    this.maxPending = maxPending;
  }

  @Override
  public void start(Sink sink) {
    this.sink = sink;
    sink.onClose(v -> close());
    if (closed) {
      return; // the client left before the stream started
    }
    consumer = vertx.eventBus().consumer(InterviewChanges.ADDRESS, this::onChange);
    keepAliveTimer = vertx.setPeriodic(keepAlive.toMillis(), id -> enqueue(EventStreamFormat.comment(KEEP_ALIVE)));
    if (caller.expiresAt() != null) {
      long untilExpiry = Math.max(1, Duration.between(Instant.now(), caller.expiresAt()).toMillis());
      expiryTimer = vertx.setTimer(untilExpiry, id -> finish());
    }
    // the first line goes out once the consumer is registered (in a cluster: known to every node), so a client
    // that has read it misses no change published after that
    consumer.completion().onComplete(ar -> {
      if (ar.succeeded()) {
        enqueue(EventStreamFormat.retry(RETRY_MS));
      } else {
        finish();
      }
    });
  }

  private void onChange(Message<Object> message) {
    JsonObject interview = InterviewChanges.interview(message.body());
    if (interview != null && InterviewChanges.visibleTo((JsonObject) message.body(), caller)) {
      enqueue(EventStreamFormat.event(EVENT, nextId++, interview.encode()));
    }
  }

  private void enqueue(Buffer chunk) {
    if (closed) {
      return;
    }
    if (queue.size() >= maxPending) {
      finish(); // too slow a reader: it reconnects rather than making us buffer without bound
      return;
    }
    queue.add(chunk);
    pump();
  }

  private void pump() {
    if (writing || closed || queue.isEmpty()) {
      return;
    }
    writing = true;
    sink.write(queue.poll()).onComplete(ar -> {
      writing = false;
      if (ar.failed()) {
        close();
      } else {
        pump();
      }
    });
  }

  /** Ends the stream from this side. */
  private void finish() {
    if (!closed) {
      close();
      sink.end();
    }
  }

  /** Releases the consumer and the timers; idempotent. */
  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.clear();
    if (consumer != null) {
      consumer.unregister();
    }
    vertx.cancelTimer(keepAliveTimer);
    vertx.cancelTimer(expiryTimer);
  }
}
