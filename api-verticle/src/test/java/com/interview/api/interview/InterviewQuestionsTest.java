package com.interview.api.interview;

import com.interview.api.TestApi;
import com.interview.api.TestApi.User;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static com.interview.api.interview.Interviews.at;
import static com.interview.api.interview.Interviews.body;
import static com.interview.api.interview.Interviews.code;
import static org.assertj.core.api.Assertions.assertThat;

/** setInterviewQuestions / listInterviewQuestions, and the bank refusing to delete a question in use. */
class InterviewQuestionsTest {

  private static TestApi api;
  private static Interviews interviews;
  private User admin;
  private User alice;
  private String id;
  private String q0;
  private String q1;
  private String q2;

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
    id = interviews.created(admin.accessToken(), body(api.candidate(), at(10, 0), at(11, 0), alice)).getString("id");
    q0 = interviews.question(alice.accessToken(), "Q0");
    q1 = interviews.question(alice.accessToken(), "Q1");
    q2 = interviews.question(alice.accessToken(), "Q2");
  }

  private static List<String> ids(Reply r) {
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json().getJsonArray("items").stream().map(q -> ((JsonObject) q).getString("id")).toList();
  }

  @Test
  void theListIsReplacedWholeAndKeepsItsOrder() {
    assertThat(ids(interviews.questions(alice.accessToken(), id))).isEmpty();
    Reply set = interviews.setQuestions(alice.accessToken(), id, q2, q0, q1);
    assertThat(ids(set)).containsExactly(q2, q0, q1);
    assertThat(set.json().getJsonArray("items").getJsonObject(0).getString("title")).isEqualTo("Q2");
    assertThat(ids(interviews.questions(admin.accessToken(), id))).containsExactly(q2, q0, q1);

    assertThat(ids(interviews.setQuestions(admin.accessToken(), id, q1, q2))).containsExactly(q1, q2);
    assertThat(ids(interviews.questions(alice.accessToken(), id))).containsExactly(q1, q2);
    assertThat(ids(interviews.setQuestions(admin.accessToken(), id))).isEmpty();
    assertThat(ids(interviews.questions(alice.accessToken(), id))).isEmpty();
  }

  @Test
  void unknownOrRepeatedQuestionsAre400AndChangeNothing() {
    interviews.setQuestions(alice.accessToken(), id, q0);
    Reply unknown = interviews.setQuestions(alice.accessToken(), id, q1, UUID.randomUUID().toString());
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(code(unknown)).isEqualTo("validation_failed");
    assertThat(unknown.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("/questionIds/1");
    assertThat(interviews.setQuestions(alice.accessToken(), id, q1, q1).status()).isEqualTo(400);
    assertThat(ids(interviews.questions(alice.accessToken(), id))).containsExactly(q0);
  }

  @Test
  void aQuestionAnInterviewUsesIsNotDeleted() {
    interviews.setQuestions(alice.accessToken(), id, q0, q1);
    Reply inUse = api.call(HttpMethod.DELETE, "/api/questions/" + q0, admin.accessToken(), null);
    assertThat(inUse.status()).isEqualTo(409);
    assertThat(code(inUse)).isEqualTo("question_in_use");
    assertThat(api.get("/api/questions/" + q0, admin.accessToken()).status()).isEqualTo(200);

    interviews.setQuestions(alice.accessToken(), id, q1);
    assertThat(api.call(HttpMethod.DELETE, "/api/questions/" + q0, admin.accessToken(), null).status()).isEqualTo(204);
  }
}
