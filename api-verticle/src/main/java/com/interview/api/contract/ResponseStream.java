package com.interview.api.contract;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * The body of a streamed answer (Server-Sent Events), produced after the head, whatever carries it: the API's
 * HTTP port writes chunks to the connection; the event bus sends them as messages to the proxy that asked for a
 * stream (see the proxy's {@code BusWire}).
 */
@FunctionalInterface
public interface ResponseStream {

  /** Starts producing into {@code sink}; called once, after the head. */
  void start(Sink sink);

  /** Where a stream writes. */
  interface Sink {

    /** Sends a chunk; completes when the other side took it (back-pressure), fails when it went away. */
    Future<Void> write(Buffer chunk);

    /** Ends the stream. */
    void end();

    /** Called once when the client (or the proxy carrying the stream) goes away. */
    void onClose(Handler<Void> handler);
  }
}
