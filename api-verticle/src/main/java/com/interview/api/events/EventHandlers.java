package com.interview.api.events;

import com.interview.api.contract.ApiCall;
import com.interview.api.contract.ApiResponse;
import com.interview.api.contract.OperationHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;

import java.time.Duration;
import java.util.Map;

/**
 * streamEvents ({@code GET /api/events}): a Server-Sent Events stream of the interview changes the caller may see
 * ({@link InterviewEventStream}), uncached ({@code Cache-Control: no-cache}) and unbuffered by proxies that honour
 * {@code X-Accel-Buffering: no}. Over the event bus the proxy must ask for a stream (see the proxy's
 * {@code BusWire}); otherwise the transport answers 406.
 */
public final class EventHandlers {

  /** The keep-alive interval of production streams. */
  public static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
  /** Chunks a client may fall behind before it is dropped. */
  public static final int MAX_PENDING = 256;
  static final String EVENT_STREAM = "text/event-stream";

  private final Vertx vertx;
  private final Duration keepAlive;

  /** {@code keepAlive}: the interval of {@code : keep-alive} comments (tests use a short one). */
  public EventHandlers(Vertx vertx, Duration keepAlive) {
    this.vertx = vertx;
    this.keepAlive = keepAlive;
  }

  public Map<String, OperationHandler> handlers() {
    return Map.of("streamEvents", this::streamEvents);
  }

  private Future<ApiResponse> streamEvents(ApiCall call) {
    InterviewEventStream stream = new InterviewEventStream(vertx, call.caller(), keepAlive, MAX_PENDING);
    return Future.succeededFuture(ApiResponse.streaming(200, EVENT_STREAM, stream)
      .header(HttpHeaders.CACHE_CONTROL, "no-cache")
      .header("X-Accel-Buffering", "no"));
  }
}
