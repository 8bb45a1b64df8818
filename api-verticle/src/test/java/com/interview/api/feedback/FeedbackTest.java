package com.interview.api.feedback;

import com.interview.api.TestApi;
import com.interview.api.TestApi.User;
import com.interview.api.interview.Interviews;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.interview.api.interview.Interviews.at;
import static com.interview.api.interview.Interviews.body;
import static com.interview.api.interview.Interviews.code;
import static org.assertj.core.api.Assertions.assertThat;

/** Scorecards: drafts, submission, scores limited to the interview's questions. */
class FeedbackTest {

  private static TestApi api;
  private static Interviews interviews;
  private User admin;
  private User alice;
  private User bob;
  private String id;
  private String q0;
  private String q1;
  private String elsewhere;

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
  void schedule() {
    api.reset();
    admin = api.admin();
    alice = api.interviewer();
    bob = api.interviewer();
    id = interviews.created(admin.accessToken(), body(api.candidate(), at(10, 0), at(11, 0), alice, bob)).getString("id");
    q0 = interviews.question(alice.accessToken(), "Q0");
    q1 = interviews.question(alice.accessToken(), "Q1");
    elsewhere = interviews.question(alice.accessToken(), "Not in this interview");
    assertThat(interviews.setQuestions(alice.accessToken(), id, q0, q1).status()).isEqualTo(200);
  }

  private Reply save(User who, JsonObject draft) {
    return api.call(HttpMethod.PUT, "/api/interviews/" + id + "/feedback/mine", who.accessToken(), draft);
  }

  private Reply submit(User who) {
    return api.call(HttpMethod.POST, "/api/interviews/" + id + "/feedback/mine/submit", who.accessToken(), null);
  }

  private JsonArray list(User who) {
    Reply r = api.get("/api/interviews/" + id + "/feedback", who.accessToken());
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json().getJsonArray("items");
  }

  private static JsonObject score(String questionId, int score) {
    return new JsonObject().put("questionId", questionId).put("score", score);
  }

  @Test
  void aDraftIsEditableUntilSubmittedAndFrozenAfterwards() {
    Reply first = save(alice, new JsonObject().put("recommendation", "hire").put("notes", "Solid.")
      .put("scores", new JsonArray().add(score(q0, 4).put("comment", "Clear reasoning"))));
    assertThat(first.status()).as(first.text()).isEqualTo(200);
    JsonObject draft = first.json();
    assertThat(draft.getString("status")).isEqualTo("draft");
    assertThat(draft.getValue("submittedAt")).isNull();
    assertThat(draft.getString("interviewId")).isEqualTo(id);
    assertThat(draft.getJsonObject("interviewer").getString("id")).isEqualTo(alice.id().toString());
    assertThat(draft.getJsonArray("scores").getJsonObject(0).getString("comment")).isEqualTo("Clear reasoning");

    Reply edited = save(alice, new JsonObject().put("recommendation", "strong_hire")
      .put("scores", new JsonArray().add(score(q0, 5)).add(score(q1, 3))));
    assertThat(edited.status()).isEqualTo(200);
    assertThat(edited.json().getString("id")).as("the same scorecard").isEqualTo(draft.getString("id"));
    assertThat(edited.json().getString("recommendation")).isEqualTo("strong_hire");
    assertThat(edited.json().getString("notes")).as("PUT replaces the whole draft").isEmpty();
    assertThat(edited.json().getJsonArray("scores")).hasSize(2);

    Reply submitted = submit(alice);
    assertThat(submitted.status()).as(submitted.text()).isEqualTo(200);
    assertThat(submitted.json().getString("status")).isEqualTo("submitted");
    assertThat(submitted.json().getString("submittedAt")).isNotNull();

    Reply late = save(alice, new JsonObject().put("recommendation", "no_hire"));
    assertThat(late.status()).isEqualTo(409);
    assertThat(code(late)).isEqualTo("feedback_submitted");
    assertThat(code(submit(alice))).isEqualTo("feedback_submitted");
    JsonArray all = list(admin);
    assertThat(all).hasSize(1);
    assertThat(all.getJsonObject(0).getString("recommendation")).isEqualTo("strong_hire");
    assertThat(all.getJsonObject(0).getString("status")).isEqualTo("submitted");
  }

  @Test
  void scoresAreOnlyForTheInterviewsQuestionsEachOnce() {
    Reply foreign = save(alice, new JsonObject().put("scores", new JsonArray().add(score(elsewhere, 3))));
    assertThat(foreign.status()).isEqualTo(400);
    assertThat(foreign.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("/scores/0/questionId");
    Reply twice = save(alice, new JsonObject().put("scores", new JsonArray().add(score(q0, 3)).add(score(q0, 4))));
    assertThat(twice.status()).isEqualTo(400);
    assertThat(twice.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("/scores/1/questionId");
    assertThat(save(alice, new JsonObject().put("scores", new JsonArray().add(score(q0, 6)))).status())
      .as("the contract bounds scores to 1..5").isEqualTo(400);
    assertThat(list(alice)).isEmpty();
  }

  @Test
  void submittingNeedsADraftWithARecommendation() {
    Reply nothing = submit(alice);
    assertThat(nothing.status()).isEqualTo(404);
    assertThat(code(nothing)).isEqualTo("no_draft");
    assertThat(save(alice, new JsonObject().put("notes", "Thinking about it")).status()).isEqualTo(200);
    Reply undecided = submit(alice);
    assertThat(undecided.status()).isEqualTo(400);
    assertThat(code(undecided)).isEqualTo("recommendation_required");
    assertThat(list(alice).getJsonObject(0).getString("status")).isEqualTo("draft");
  }

  @Test
  void everyInterviewerWritesTheirOwnScorecard() {
    save(alice, new JsonObject().put("recommendation", "hire"));
    save(bob, new JsonObject().put("recommendation", "no_hire"));
    assertThat(submit(alice).status()).isEqualTo(200);
    assertThat(save(bob, new JsonObject().put("recommendation", "strong_no_hire")).status())
      .as("alice's submission does not freeze bob's draft").isEqualTo(200);

    JsonArray all = list(bob);
    assertThat(all).hasSize(2);
    JsonObject alices = all.getJsonObject(0);
    JsonObject bobs = all.getJsonObject(1);
    assertThat(alices.getJsonObject("interviewer").getString("email")).isEqualTo(alice.email());
    assertThat(alices.getString("status")).isEqualTo("submitted");
    assertThat(bobs.getJsonObject("interviewer").getString("email")).isEqualTo(bob.email());
    assertThat(bobs.getString("recommendation")).isEqualTo("strong_no_hire");
    assertThat(bobs.getString("status")).isEqualTo("draft");
  }
}
