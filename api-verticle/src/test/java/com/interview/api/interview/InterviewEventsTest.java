package com.interview.api.interview;

import com.interview.api.TestApi;
import com.interview.api.TestApi.User;
import com.interview.testing.Poll;
import com.interview.testing.TestHttp;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import static com.interview.api.interview.Interviews.at;
import static com.interview.api.interview.Interviews.body;
import static com.interview.api.interview.Interviews.iso;
import static org.assertj.core.api.Assertions.assertThat;

/** The publishing side of live updates: {@link InterviewEvents#ADDRESS} after every committed change. */
class InterviewEventsTest {

  private static TestApi api;
  private static Interviews interviews;
  private final ConcurrentLinkedQueue<JsonObject> received = new ConcurrentLinkedQueue<>();
  private MessageConsumer<JsonObject> consumer;
  private User admin;
  private User alice;
  private User bob;
  private User ann;

  @BeforeAll
  static void start() {
    api = TestApi.start();
    interviews = new Interviews(api);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @BeforeEach
  void listen() {
    api.reset();
    admin = api.admin();
    alice = api.interviewer();
    bob = api.interviewer();
    ann = api.candidate();
    consumer = api.vertx().eventBus().consumer(InterviewEvents.ADDRESS, m -> received.add(m.body()));
    TestHttp.await(consumer.completion());
  }

  @AfterEach
  void unlisten() {
    TestHttp.await(consumer.unregister());
  }

  /** Waits for the next message (generous deadline for a loaded machine) and removes it. */
  private JsonObject next() {
    JsonObject m = Poll.until(received::poll, java.util.Objects::nonNull, Duration.ofSeconds(10));
    assertThat(m).as("a message on " + InterviewEvents.ADDRESS).isNotNull();
    return m;
  }

  private static List<Object> participants(JsonObject m) {
    return m.getJsonArray("participants").getList();
  }

  @Test
  void everyCommittedChangeIsPublishedWithTheInterviewAndItsParticipants() {
    JsonObject created = interviews.created(alice.accessToken(), body(ann, at(10, 0), at(11, 0), alice));
    String id = created.getString("id");
    JsonObject m = next();
    assertThat(m.getString("type")).isEqualTo("created");
    assertThat(m.getJsonObject("interview")).isEqualTo(created);
    assertThat(participants(m)).containsExactly(ann.id().toString(), alice.id().toString());

    JsonObject moved = interviews.update(alice.accessToken(), id, new JsonObject().put("startsAt", iso(at(9, 0)))
      .put("interviewerIds", new JsonArray().add(alice.id().toString()).add(bob.id().toString()))).json();
    m = next();
    assertThat(m.getString("type")).isEqualTo("updated");
    assertThat(m.getJsonObject("interview")).isEqualTo(moved);
    assertThat(participants(m)).hasSize(3).startsWith(ann.id().toString())
      .contains(alice.id().toString(), bob.id().toString());

    interviews.status(bob.accessToken(), id, "in_progress");
    m = next();
    assertThat(m.getString("type")).isEqualTo("status");
    assertThat(m.getJsonObject("interview").getString("status")).isEqualTo("in_progress");

    String question = interviews.question(alice.accessToken(), "Tell me about yourself");
    assertThat(interviews.setQuestions(alice.accessToken(), id, question).status()).isEqualTo(200);
    m = next();
    assertThat(m.getString("type")).isEqualTo("questions");
    assertThat(m.getJsonObject("interview").getString("id")).isEqualTo(id);
    assertThat(participants(m)).hasSize(3);
    assertThat(received).isEmpty();
  }

  @Test
  void refusedChangesPublishNothing() {
    JsonObject first = interviews.created(admin.accessToken(), body(ann, at(10, 0), at(11, 0), alice));
    assertThat(next().getString("type")).isEqualTo("created");
    assertThat(interviews.create(admin.accessToken(), body(ann, at(10, 30), at(11, 30), alice)).status()).isEqualTo(409);
    assertThat(interviews.status(admin.accessToken(), first.getString("id"), "completed").status()).isEqualTo(409);
    assertThat(interviews.update(ann.accessToken(), first.getString("id"), new JsonObject().put("title", "x")).status())
      .isEqualTo(403);

    interviews.update(admin.accessToken(), first.getString("id"), new JsonObject().put("title", "Renamed"));
    JsonObject m = next();
    assertThat(m.getString("type")).as("the first message after the refusals is the accepted change").isEqualTo("updated");
    assertThat(m.getJsonObject("interview").getString("title")).isEqualTo("Renamed");
  }
}
