package com.interview.api.events;

import com.interview.api.auth.Principal;
import com.interview.api.contract.ResponseStream;
import com.interview.testing.Poll;
import com.interview.testing.TestHttp;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The stream itself on a real event bus, written to a recording sink: keep-alive, back-pressure, expiry, close. */
class InterviewEventStreamTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    TestHttp.await(vertx.close());
  }

  /** A sink that records chunks; {@code acknowledge} false leaves every write pending (a reader that stalls). */
  static final class RecordingSink implements ResponseStream.Sink {
    final List<String> chunks = new CopyOnWriteArrayList<>();
    final AtomicBoolean ended = new AtomicBoolean();
    final List<Promise<Void>> pending = new CopyOnWriteArrayList<>();
    private final List<Handler<Void>> closeHandlers = new ArrayList<>();
    volatile boolean acknowledge = true;
    /** The stream's context: where it starts, writes, and hears that the client left. */
    volatile Context context;

    @Override
    public Future<Void> write(Buffer chunk) {
      if (acknowledge) {
        chunks.add(chunk.toString());
        return Future.succeededFuture();
      }
      Promise<Void> p = Promise.promise();
      pending.add(p); // before the chunk shows: a test that saw the chunk finds its promise
      chunks.add(chunk.toString());
      return p.future();
    }

    @Override
    public void end() {
      ended.set(true);
    }

    @Override
    public void onClose(Handler<Void> handler) {
      closeHandlers.add(handler);
    }

    /** The client closes the connection: the close handlers run on the stream's context, as the server runs them. */
    void clientLeaves() {
      TestHttp.await(Future.<Void>future(p -> context.runOnContext(v -> {
        closeHandlers.forEach(h -> h.handle(null));
        p.complete();
      })));
    }
  }

  private static Principal candidate(Instant expiresAt) {
    return new Principal(UUID.randomUUID(), Principal.CANDIDATE, "jti", "family", expiresAt);
  }

  private RecordingSink startStream(Principal caller, Duration keepAlive, int maxPending, boolean acknowledge) {
    RecordingSink sink = new RecordingSink();
    sink.acknowledge = acknowledge;
    sink.context = vertx.getOrCreateContext(); // the stream's timers and its close handlers: one event loop
    InterviewEventStream stream = new InterviewEventStream(vertx, caller, keepAlive, maxPending);
    sink.context.runOnContext(v -> stream.start(sink));
    Poll.until(() -> sink.chunks, c -> !c.isEmpty(), WAIT);
    return sink;
  }

  private boolean consumed() {
    try {
      TestHttp.await(vertx.eventBus().request(InterviewChanges.ADDRESS, "probe", new DeliveryOptions().setSendTimeout(300)));
      return true;
    } catch (AssertionError e) {
      return !(e.getCause() instanceof java.util.concurrent.ExecutionException ee
        && ee.getCause() instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS);
    }
  }

  private void publishFor(Principal p, String id) {
    vertx.eventBus().publish(InterviewChanges.ADDRESS, new JsonObject().put("type", "updated")
      .put("interview", new JsonObject().put("id", id)).put("participants", new JsonArray().add(p.userId().toString())));
  }

  @Test
  void keepAliveCommentsComeAtTheConfiguredInterval() {
    RecordingSink sink = startStream(candidate(Instant.now().plusSeconds(60)), Duration.ofMillis(100), 16, true);
    assertThat(sink.chunks.get(0)).isEqualTo("retry: 3000\n\n");
    List<String> chunks = Poll.until(() -> sink.chunks, c -> c.stream().filter(": keep-alive\n\n"::equals).count() >= 3, WAIT);
    assertThat(chunks.stream().filter(": keep-alive\n\n"::equals).count()).isGreaterThanOrEqualTo(3);
    sink.clientLeaves();
    int after = Poll.until(() -> sink.chunks.size(), n -> true, WAIT);
    assertThat(Poll.until(() -> sink.chunks.size(), n -> n > after, Duration.ofMillis(500))).isEqualTo(after); // timer gone
    assertThat(consumed()).isFalse();
  }

  @Test
  void aReaderThatFallsTooFarBehindIsDropped() {
    Principal caller = candidate(Instant.now().plusSeconds(60));
    RecordingSink sink = startStream(caller, Duration.ofMinutes(1), 4, false);
    assertThat(sink.chunks).containsExactly("retry: 3000\n\n"); // written, never acknowledged
    for (int i = 0; i < 4; i++) {
      publishFor(caller, "queued-" + i);
    }
    assertThat(consumed()).isTrue(); // delivered after the four changes: they were all taken in by now
    assertThat(sink.ended.get()).isFalse();
    publishFor(caller, "one-too-many");
    assertThat(Poll.until(sink.ended::get, e -> e, WAIT)).isTrue();
    assertThat(sink.chunks).hasSize(1); // nothing more was written while the first write was pending
    assertThat(consumed()).isFalse();
  }

  @Test
  void eventsWaitForThePreviousWriteToBeTaken() {
    Principal caller = candidate(Instant.now().plusSeconds(60));
    RecordingSink sink = startStream(caller, Duration.ofMinutes(1), 16, false);
    publishFor(caller, "first");
    publishFor(caller, "second");
    assertThat(Poll.until(() -> sink.chunks.size(), n -> n > 1, Duration.ofMillis(300))).isEqualTo(1);
    sink.context.runOnContext(v -> sink.pending.get(0).complete());
    Poll.until(() -> sink.chunks.size(), n -> n == 2, WAIT);
    assertThat(sink.chunks.get(1)).contains("id: 1\n").contains("first").doesNotContain("second");
    sink.context.runOnContext(v -> sink.pending.get(1).complete());
    Poll.until(() -> sink.chunks.size(), n -> n == 3, WAIT);
    assertThat(sink.chunks.get(2)).contains("id: 2\n").contains("second");
  }

  @Test
  void theStreamEndsWhenTheAccessTokenExpires() {
    RecordingSink sink = startStream(candidate(Instant.now().plusMillis(400)), Duration.ofMinutes(1), 16, true);
    assertThat(Poll.until(sink.ended::get, e -> e, WAIT)).isTrue();
    assertThat(consumed()).isFalse();
  }

  @Test
  void dataWithLineBreaksCannotEndAnEventEarly() {
    assertThat(EventStreamFormat.event("interview", 7, "a\nevent: forged\r\n\ndata: x").toString())
      .isEqualTo("event: interview\nid: 7\ndata: a\ndata: event: forged\ndata: \ndata: data: x\n\n");
    assertThat(EventStreamFormat.comment("keep\nalive").toString()).isEqualTo(": keep alive\n\n");
  }
}
