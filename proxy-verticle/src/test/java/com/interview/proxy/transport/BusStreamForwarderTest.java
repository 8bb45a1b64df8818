package com.interview.proxy.transport;

import com.interview.testing.TestVertx;
import com.interview.proxy.ProxyShared;
import com.interview.proxy.ProxyVerticle;
import com.interview.proxy.TestProxyConfig;
import com.interview.testing.EventStreamClient;
import com.interview.testing.Poll;
import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streamed replies over the event bus ({@link BusWire}) through the real proxy: a consumer on {@code api.node.test}
 * plays the API side of the stream protocol, the test sends each chunk itself, and a real HTTP client reads what
 * the proxy relays (read timeout 2 s).
 */
class BusStreamForwarderTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  /** A timeout no test waits for. */
  private static final Duration FAR = Duration.ofSeconds(60);

  private Vertx vertx;
  private int port;
  private String deployment;
  private final AtomicReference<Message<Buffer>> arrived = new AtomicReference<>();

  @BeforeEach
  void start() {
    vertx = TestVertx.create();
    vertx.eventBus().<Buffer>consumer(BusWire.nodeAddress("test"), this::api);
    ProxyVerticle verticle = new ProxyVerticle(new ProxyShared(TestProxyConfig.defaults(), NodeSelector.local("test"),
      () -> Future.succeededFuture(true)));
    deployment = TestHttp.await(vertx.deployVerticle(verticle));
    port = verticle.actualPort();
  }

  @AfterEach
  void stop() {
    TestHttp.await(vertx.close());
  }

  /** The API side: /api/events answers a stream head; /api/early sends a chunk before the head; else 401. */
  private void api(Message<Buffer> m) {
    arrived.set(m);
    String path = m.headers().get(BusWire.PATH);
    String streamTo = m.headers().get(BusWire.STREAM_TO);
    if (streamTo == null || path.equals("/api/denied")) {
      m.reply(Buffer.buffer("{\"code\":\"unauthorized\"}"), new DeliveryOptions().setHeaders(MultiMap.caseInsensitiveMultiMap()
        .add(BusWire.STATUS, "401").add("Content-Type", "application/problem+json")));
      return;
    }
    MultiMap head = MultiMap.caseInsensitiveMultiMap().add(BusWire.STATUS, "200").add(BusWire.STREAM_TO, streamTo)
      .add("Content-Type", "text/event-stream").add("Cache-Control", "no-cache").add("Connection", "keep-alive");
    if (path.equals("/api/early")) {
      vertx.eventBus().request(streamTo, Buffer.buffer("data: early\n\n")); // overtakes the head's reply
    }
    m.reply(Buffer.buffer(), new DeliveryOptions().setHeaders(head));
  }

  private String streamAddress() {
    return Poll.until(arrived::get, m -> m != null, WAIT).headers().get(BusWire.STREAM_TO);
  }

  private void chunk(String address, String text) {
    TestHttp.await(vertx.eventBus().request(address, Buffer.buffer(text))); // completes once the proxy acknowledged
  }

  private void end(String address) {
    vertx.eventBus().send(address, null, new DeliveryOptions().setHeaders(MultiMap.caseInsensitiveMultiMap().add(BusWire.END, "1")));
  }

  /** The failure of a chunk sent to {@code address} now, or null when it was acknowledged. */
  private ReplyFailure chunkFailure(String address) {
    try {
      vertx.eventBus().request(address, Buffer.buffer(": probe\n\n"), new DeliveryOptions().setSendTimeout(1000))
        .toCompletionStage().toCompletableFuture().get();
      return null;
    } catch (ExecutionException e) {
      return e.getCause() instanceof ReplyException re ? re.failureType() : ReplyFailure.ERROR;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void chunksReachTheClientAsTheyComeThenTheEnd() {
    try (EventStreamClient client = EventStreamClient.open(vertx, port, "/api/events", "token")) {
      assertThat(client.status()).isEqualTo(200);
      assertThat(client.header("Content-Type")).isEqualTo("text/event-stream");
      assertThat(client.header("Cache-Control")).isEqualTo("no-cache");
      assertThat(client.header("X-Frame-Options")).isEqualTo("DENY"); // the response hooks ran
      assertThat(client.header("Content-Encoding")).isNull();
      String address = streamAddress();
      assertThat(address).startsWith("proxy.stream.");
      assertThat(arrived.get().headers().get("Authorization")).isEqualTo("Bearer token");

      chunk(address, "event: interview\ndata: one\n\n");
      assertThat(client.awaitText("data: one\n\n", WAIT)).isEqualTo("event: interview\ndata: one\n\n"); // before two is sent
      chunk(address, "event: interview\ndata: two\n\n");
      assertThat(client.awaitText("data: two\n\n", WAIT)).isEqualTo("event: interview\ndata: one\n\nevent: interview\ndata: two\n\n");
      assertThat(client.ended()).isFalse();

      end(address);
      assertThat(Poll.until(client::ended, e -> e, WAIT)).isTrue();
      assertThat(Poll.until(() -> chunkFailure(address), f -> f == ReplyFailure.NO_HANDLERS, WAIT)).isEqualTo(ReplyFailure.NO_HANDLERS);
    }
  }

  @Test
  void theProxyDropsTheStreamAddressWhenTheClientLeaves() {
    EventStreamClient client = EventStreamClient.open(vertx, port, "/api/events", null);
    String address = streamAddress();
    chunk(address, ": keep-alive\n\n");
    client.awaitText(": keep-alive", WAIT);
    client.close();
    assertThat(Poll.until(() -> chunkFailure(address), f -> f == ReplyFailure.NO_HANDLERS, WAIT)).isEqualTo(ReplyFailure.NO_HANDLERS);
  }

  @Test
  void aChunkThatOvertakesTheHeadIsHeldUntilTheHeadIsWritten() {
    try (EventStreamClient client = EventStreamClient.open(vertx, port, "/api/early", null)) {
      assertThat(client.status()).isEqualTo(200);
      String address = streamAddress();
      assertThat(client.awaitText("early", WAIT)).isEqualTo("data: early\n\n");
      chunk(address, "data: later\n\n");
      assertThat(client.awaitText("later", WAIT)).isEqualTo("data: early\n\ndata: later\n\n");
    }
  }

  @Test
  void anOrdinaryAnswerToAStreamRequestIsRelayedAndTheAddressDropped() {
    try (EventStreamClient client = EventStreamClient.open(vertx, port, "/api/denied", null)) {
      assertThat(client.status()).isEqualTo(401);
      assertThat(client.awaitText("unauthorized", WAIT)).isEqualTo("{\"code\":\"unauthorized\"}");
      assertThat(Poll.until(client::ended, e -> e, WAIT)).isTrue();
    }
    assertThat(Poll.until(() -> chunkFailure(streamAddress()), f -> f == ReplyFailure.NO_HANDLERS, WAIT))
      .isEqualTo(ReplyFailure.NO_HANDLERS);
  }

  @Test
  void otherRequestsCarryNoStreamAddressAndClientsCannotSetOne() {
    Reply reply = new TestHttp(vertx).send(HttpMethod.GET, port, "/api/events",
      MultiMap.caseInsensitiveMultiMap().add("Accept", "application/json"), null);
    assertThat(reply.status()).isEqualTo(401); // the fake API's answer without :stream-to
    assertThat(arrived.get().headers().contains(BusWire.STREAM_TO)).isFalse();
  }

  @Test
  void aStreamSilentForLongerThanTheReadTimeoutIsCut() {
    try (EventStreamClient client = EventStreamClient.open(vertx, port, "/api/events", null)) {
      String address = streamAddress();
      long t0 = System.nanoTime(); // the silence starts when the proxy has the chunk: after this
      chunk(address, "data: only\n\n");
      assertThat(Poll.until(client::ended, e -> e, WAIT)).isTrue();
      // cut within WAIT (above), and not before 2 s of silence (the read timeout) however slow this machine is
      assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(2000);
      assertThat(client.text()).isEqualTo("data: only\n\n");
      assertThat(Poll.until(() -> chunkFailure(address), f -> f == ReplyFailure.NO_HANDLERS, WAIT)).isEqualTo(ReplyFailure.NO_HANDLERS);
    }
  }

  @Test
  void aGracefulShutdownEndsOpenStreamsAtOnce() {
    // a proxy whose shutdown timeout and read timeout are both far away: ending the stream at once is the only quick way
    TestHttp.await(vertx.undeploy(deployment));
    ProxyVerticle patient = new ProxyVerticle(new ProxyShared(ProxyTimeouts.with(FAR, FAR), NodeSelector.local("test"),
      () -> Future.succeededFuture(true)));
    deployment = TestHttp.await(vertx.deployVerticle(patient));
    port = patient.actualPort();
    try (EventStreamClient client = EventStreamClient.open(vertx, port, "/api/events", null)) {
      String address = streamAddress();
      chunk(address, "data: before\n\n");
      client.awaitText("before", WAIT);
      long t0 = System.nanoTime();
      TestHttp.await(vertx.undeploy(deployment));
      // neither the shutdown timeout nor the read timeout that cuts a silent stream (both 60 s here)
      assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(FAR.toMillis() / 2);
      assertThat(Poll.until(client::ended, e -> e, WAIT)).isTrue();
      assertThat(client.text()).isEqualTo("data: before\n\n");
      assertThat(chunkFailure(address)).isEqualTo(ReplyFailure.NO_HANDLERS);
    }
  }
}
