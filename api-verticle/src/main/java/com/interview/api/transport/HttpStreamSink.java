package com.interview.api.transport;

import com.interview.api.contract.ResponseStream;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.ArrayList;
import java.util.List;

/**
 * A streamed body written to the API's own HTTP port, chunk by chunk, after a chunked head. A write completes at
 * once while the connection's write queue has room, else when it drains (back-pressure); it fails once the client
 * is gone. The connection's close (or reset) runs the stream's close handlers once; so does a graceful shutdown of
 * the server, which also ends the response.
 */
final class HttpStreamSink implements ResponseStream.Sink {

  private final HttpServerResponse out;
  private final List<Handler<Void>> closeHandlers = new ArrayList<>();
  private Promise<Void> draining;
  private boolean closed;
  private boolean ended;

  HttpStreamSink(HttpServerRequest request) {
    this.out = request.response();
    out.closeHandler(v -> closed());
    out.exceptionHandler(e -> closed());
    closed = out.closed();
    // a graceful shutdown must not wait its whole grace period for a stream that never ends by itself: the
    // stream stops and the response ends now (an EventSource reconnects, to another node)
    request.connection().shutdownHandler(v -> {
      closed();
      if (!ended) {
        ended = true;
        out.end();
      }
    });
  }

  @Override
  public Future<Void> write(Buffer chunk) {
    if (closed || ended) {
      return Future.failedFuture("the client is gone");
    }
    out.write(chunk);
    if (!out.writeQueueFull()) {
      return Future.succeededFuture();
    }
    Promise<Void> drained = Promise.promise();
    draining = drained;
    out.drainHandler(v -> {
      out.drainHandler(null);
      draining = null;
      drained.tryComplete();
    });
    return drained.future();
  }

  @Override
  public void end() {
    if (!ended && !closed) {
      ended = true;
      out.end();
    }
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
    if (draining != null) {
      draining.tryFail("the client is gone");
    }
    List<Handler<Void>> handlers = List.copyOf(closeHandlers);
    closeHandlers.clear();
    handlers.forEach(h -> h.handle(null));
  }
}
