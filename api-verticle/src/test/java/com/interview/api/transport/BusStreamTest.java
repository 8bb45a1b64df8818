package com.interview.api.transport;

import com.interview.api.TestApi;
import com.interview.api.TestApi.User;
import com.interview.testing.Poll;
import com.interview.testing.TestHttp;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API side of streamed replies over the event bus (the proxy's {@code BusWire}): the test plays the proxy —
 * a consumer on a {@code proxy.stream.*} address that records and acknowledges chunks — against the real API.
 */
class BusStreamTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static TestApi api;

  @BeforeAll
  static void start() {
    api = TestApi.start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @BeforeEach
  void reset() {
    api.reset();
  }

  private static MultiMap request(User user) {
    return MultiMap.caseInsensitiveMultiMap().add(":method", "GET").add(":path", "/api/events")
      .add(":client", "127.0.0.1").add("Accept", "text/event-stream").add("Authorization", "Bearer " + user.accessToken());
  }

  private static Message<Buffer> send(MultiMap headers) {
    return TestHttp.await(api.vertx().eventBus().request(BusApiAdapter.NODE_ADDRESS_PREFIX + api.runtime().nodeId(),
      null, new DeliveryOptions().setHeaders(headers)));
  }

  private static boolean consumed() {
    try {
      TestHttp.await(api.vertx().eventBus().request("interviews.changed", "probe", new DeliveryOptions().setSendTimeout(300)));
      return true;
    } catch (AssertionError e) {
      return !(e.getCause() instanceof java.util.concurrent.ExecutionException ee
        && ee.getCause() instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS);
    }
  }

  private static void publishFor(User user, String id) {
    api.vertx().eventBus().publish("interviews.changed", new JsonObject().put("type", "status")
      .put("interview", new JsonObject().put("id", id)).put("participants", new JsonArray().add(user.id().toString())));
  }

  @Test
  void withoutAStreamAddressAStreamedAnswerIs406() {
    Message<Buffer> reply = send(request(api.candidate()).remove(":stream-to"));
    assertThat(reply.headers().get(":status")).isEqualTo("406");
    assertThat(reply.headers().get("Content-Type")).isEqualTo("application/problem+json");
    assertThat(new JsonObject(reply.body()).getString("code")).isEqualTo("stream_not_accepted");
    assertThat(reply.headers().contains(":stream-to")).isFalse();
    assertThat(consumed()).isFalse(); // the stream never started
  }

  @Test
  void chunksGoToTheStreamAddressAndStopWhenNobodyTakesThem() {
    User user = api.candidate();
    String address = "proxy.stream." + UUID.randomUUID();
    List<String> chunks = new CopyOnWriteArrayList<>();
    MessageConsumer<Buffer> proxy = api.vertx().eventBus().consumer(address, m -> {
      chunks.add(m.body() == null ? "<end>" : m.body().toString());
      m.reply(null);
    });
    TestHttp.await(proxy.completion());

    Message<Buffer> head = send(request(user).add(":stream-to", address));
    assertThat(head.headers().get(":status")).isEqualTo("200");
    assertThat(head.headers().get(":stream-to")).isEqualTo(address); // says: the body follows there
    assertThat(head.headers().get("Content-Type")).isEqualTo("text/event-stream");
    assertThat(head.headers().get("Cache-Control")).isEqualTo("no-cache");
    assertThat(head.body().length()).isZero();

    Poll.until(() -> chunks, c -> !c.isEmpty(), WAIT);
    assertThat(chunks.get(0)).isEqualTo("retry: 3000\n\n");
    publishFor(user, "interview-1");
    assertThat(Poll.until(() -> chunks, c -> c.size() > 1, WAIT).get(1)).startsWith("event: interview\nid: 1\n").contains("interview-1");

    TestHttp.await(proxy.unregister()); // the proxy's client left
    assertThat(consumed()).isTrue();
    publishFor(user, "interview-2"); // its write finds no handler: the stream closes
    assertThat(Poll.until(BusStreamTest::consumed, c -> !c, WAIT)).isFalse();
  }

  @Test
  void theEndFollowsTheLastAcknowledgedChunk() {
    String address = "proxy.stream." + UUID.randomUUID();
    List<String> arrived = new CopyOnWriteArrayList<>();
    List<Message<Buffer>> unacknowledged = new CopyOnWriteArrayList<>();
    TestHttp.await(api.vertx().eventBus().<Buffer>consumer(address, m -> {
      arrived.add(m.headers().contains(":end") ? "<end>" : m.body().toString());
      unacknowledged.add(m);
    }).completion());
    BusStreamSink sink = new BusStreamSink(api.vertx().eventBus(), address);
    api.vertx().runOnContext(v -> {
      sink.write(Buffer.buffer("one"));
      sink.write(Buffer.buffer("two"));
      sink.end();
    });

    Poll.until(() -> arrived, a -> !a.isEmpty(), WAIT);
    assertThat(Poll.until(() -> arrived.size(), n -> n > 1, Duration.ofMillis(300))).isEqualTo(1); // waits for the ack
    unacknowledged.get(0).reply(null);
    Poll.until(() -> arrived, a -> a.size() == 2, WAIT);
    assertThat(arrived).containsExactly("one", "two");
    unacknowledged.get(1).reply(null);
    assertThat(Poll.until(() -> arrived, a -> a.size() == 3, WAIT)).containsExactly("one", "two", "<end>");
  }
}
