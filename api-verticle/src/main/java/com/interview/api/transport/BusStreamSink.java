package com.interview.api.transport;

import com.interview.api.contract.ResponseStream;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;

import java.util.ArrayList;
import java.util.List;

/**
 * A streamed body carried over the event bus to the proxy that asked for it with {@code :stream-to} (the
 * convention is the proxy's {@code BusWire}): each chunk is a request to that address, and the next one leaves
 * only after the proxy acknowledged the previous (it does once the client's connection took the chunk:
 * back-pressure end to end). A chunk that fails — no handler (the proxy unregistered: its client left), a timeout,
 * a refusal — means nobody reads any more: the stream's close handlers run. The end is a message with
 * {@code :end}, sent after the last chunk was acknowledged.
 */
final class BusStreamSink implements ResponseStream.Sink {

  /** How long the proxy may take to acknowledge a chunk before the reader counts as gone. */
  static final long CHUNK_TIMEOUT_MS = 30_000;

  private final EventBus bus;
  private final String address;
  private final List<Handler<Void>> closeHandlers = new ArrayList<>();
  private Future<Void> last = Future.succeededFuture();
  private boolean closed;
  private boolean ended;

  BusStreamSink(EventBus bus, String address) {
    this.bus = bus;
    this.address = address;
  }

  @Override
  public Future<Void> write(Buffer chunk) {
    if (closed || ended) {
      return Future.failedFuture("the client is gone");
    }
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(CHUNK_TIMEOUT_MS);
    Future<Void> sent = last.compose(v -> closed ? Future.failedFuture("the client is gone")
      : bus.request(address, chunk, options).<Void>mapEmpty());
    sent.onFailure(e -> closed());
    last = sent;
    return sent;
  }

  @Override
  public void end() {
    if (ended || closed) {
      return;
    }
    ended = true;
    MultiMap end = MultiMap.caseInsensitiveMultiMap().add(BusApiAdapter.END, "1");
    last.onSuccess(v -> bus.send(address, null, new DeliveryOptions().setHeaders(end)));
  }

  @Override
  public void onClose(Handler<Void> handler) {
    if (closed) {
      handler.handle(null);
    } else {
      closeHandlers.add(handler);
    }
  }

  private void closed() {
    if (closed) {
      return;
    }
    closed = true;
    List<Handler<Void>> handlers = List.copyOf(closeHandlers);
    closeHandlers.clear();
    handlers.forEach(h -> h.handle(null));
  }
}
