package com.interview.api.events;

import com.interview.api.TestApi;
import com.interview.api.TestApi.User;
import com.interview.testing.EventStreamClient;
import com.interview.testing.Poll;
import com.interview.testing.TestHttp;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/events on the API's own HTTP port, with changes published on the real event bus. */
class EventStreamHttpTest {

  static final Duration WAIT = Duration.ofSeconds(10);
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

  private static EventStreamClient open(User user) {
    EventStreamClient client = EventStreamClient.open(api.vertx(), api.port(), "/api/events", user.accessToken());
    client.awaitText("retry: 3000\n\n", WAIT); // the consumer is registered from here on
    return client;
  }

  /** Publishes a change of a new interview for {@code participants}; returns the interview's id. */
  static String publish(TestApi api, User... participants) {
    String id = UUID.randomUUID().toString();
    JsonArray ids = new JsonArray();
    for (User u : participants) {
      ids.add(u.id().toString());
    }
    api.vertx().eventBus().publish("interviews.changed", new JsonObject().put("type", "created")
      .put("interview", new JsonObject().put("id", id).put("title", "Interview " + id)).put("participants", ids));
    return id;
  }

  /** Whether anything consumes {@code interviews.changed}: a request nobody answers times out, NO_HANDLERS else. */
  static boolean consumed(TestApi api) {
    try {
      TestHttp.await(api.vertx().eventBus().request("interviews.changed", "probe", new DeliveryOptions().setSendTimeout(300)));
      return true;
    } catch (AssertionError e) {
      return !(e.getCause() instanceof java.util.concurrent.ExecutionException ee
        && ee.getCause() instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS);
    }
  }

  @Test
  void aChangeReachesItsParticipantsAndAdminsOnly() {
    User candidate = api.candidate();
    User other = api.interviewer();
    User admin = api.admin();
    try (EventStreamClient mine = open(candidate); EventStreamClient theirs = open(other); EventStreamClient all = open(admin)) {
      assertThat(mine.status()).isEqualTo(200);
      assertThat(mine.header("Content-Type")).isEqualTo("text/event-stream");
      assertThat(mine.header("Cache-Control")).isEqualTo("no-cache");
      assertThat(mine.header("X-Accel-Buffering")).isEqualTo("no");

      String forCandidate = publish(api, candidate);
      String forOther = publish(api, other);

      String text = mine.awaitText(forCandidate, WAIT);
      assertThat(text).startsWith("retry: 3000\n\n");
      assertThat(text).contains("event: interview\nid: 1\ndata: {\"id\":\"" + forCandidate + "\"");
      assertThat(theirs.awaitText(forOther, WAIT)).contains("id: 1\n").doesNotContain(forCandidate);
      String everything = all.await(t -> t.contains(forCandidate) && t.contains(forOther), WAIT);
      assertThat(everything).contains("id: 1\ndata: {\"id\":\"" + forCandidate).contains("id: 2\ndata: {\"id\":\"" + forOther);
      assertThat(mine.awaitText("never", Duration.ofMillis(300))).doesNotContain(forOther);

      String second = publish(api, candidate, other);
      assertThat(mine.awaitText(second, WAIT)).contains("id: 2\ndata: {\"id\":\"" + second);
      assertThat(theirs.awaitText(second, WAIT)).contains("id: 2\ndata: {\"id\":\"" + second);
    }
  }

  @Test
  void closingTheClientUnregistersTheConsumer() {
    assertThat(consumed(api)).isFalse();
    EventStreamClient client = open(api.candidate());
    assertThat(consumed(api)).isTrue();
    client.close();
    assertThat(Poll.until(() -> consumed(api), c -> !c, WAIT)).isFalse();
  }

  @Test
  void anonymousCallersAre401() {
    try (EventStreamClient client = EventStreamClient.open(api.vertx(), api.port(), "/api/events", null)) {
      assertThat(client.status()).isEqualTo(401);
      assertThat(client.header("Content-Type")).isEqualTo("application/problem+json");
    }
    assertThat(consumed(api)).isFalse();
  }

  @Test
  void aGracefulShutdownEndsOpenStreamsAtOnce() {
    // a node of its own, to shut down; its grace period is long, so only ending the streams at once stops it quickly
    Duration grace = Duration.ofSeconds(60);
    TestApi node = TestApi.startWithShutdownTimeout(grace);
    try {
      User user = node.candidate();
      EventStreamClient client = EventStreamClient.open(node.vertx(), node.port(), "/api/events", user.accessToken());
      client.awaitText("retry: 3000\n\n", WAIT);
      assertThat(consumed(node)).isTrue();
      long t0 = System.nanoTime();
      for (String id : node.vertx().deploymentIDs()) {
        TestHttp.await(node.vertx().undeploy(id));
      }
      assertThat((System.nanoTime() - t0) / 1_000_000).as("not the %s grace period", grace).isLessThan(grace.toMillis() / 2);
      assertThat(Poll.until(client::ended, e -> e, WAIT)).isTrue();
      assertThat(consumed(node)).isFalse();
    } finally {
      node.close();
    }
  }
}
