package com.interview.api.interview;

import com.interview.api.TestApi;
import com.interview.api.TestApi.User;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.json.JsonObject;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import static com.interview.api.interview.Interviews.at;
import static com.interview.api.interview.Interviews.body;

/**
 * Who may do what with one interview, as a matrix: an admin who is not on it, an interviewer on it, another
 * interviewer, its candidate, another candidate. Nobody learns that an interview they may not see exists (404).
 */
class InterviewAccessTest {

  private static TestApi api;
  private static Interviews interviews;
  private final Map<String, User> callers = new LinkedHashMap<>();
  private String id;

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
    User admin = api.admin();
    User onIt = api.interviewer();
    User candidate = api.candidate();
    callers.put("admin", admin);
    callers.put("interviewer on it", onIt);
    callers.put("other interviewer", api.interviewer());
    callers.put("its candidate", candidate);
    callers.put("other candidate", api.candidate());
    id = interviews.created(admin.accessToken(), body(candidate, at(10, 0), at(11, 0), onIt)).getString("id");
  }

  /** Calls {@code call} as each caller, in the order of {@link #callers}, and checks the statuses. */
  private void expect(SoftAssertions soft, String operation, Function<String, Reply> call, int... statuses) {
    int i = 0;
    for (Map.Entry<String, User> caller : callers.entrySet()) {
      Reply r = call.apply(caller.getValue().accessToken());
      soft.assertThat(r.status()).as("%s by %s: %s", operation, caller.getKey(), r.text()).isEqualTo(statuses[i++]);
    }
  }

  @Test
  void theInterviewOperationsFollowTheMatrix() {
    SoftAssertions soft = new SoftAssertions();
    //                                                        admin on-it other-int its-cand other-cand
    expect(soft, "getInterview", t -> interviews.get(t, id), 200, 200, 404, 200, 404);
    expect(soft, "listInterviews has it", t -> {
      boolean listed = api.get("/api/interviews", t).json().getJsonArray("items").stream()
        .anyMatch(i -> ((JsonObject) i).getString("id").equals(id));
      return new Reply(listed ? 200 : 404, io.vertx.core.MultiMap.caseInsensitiveMultiMap(), io.vertx.core.buffer.Buffer.buffer());
    }, 200, 200, 404, 200, 404);
    expect(soft, "updateInterview", t -> interviews.update(t, id, new JsonObject().put("title", "Renamed")),
      200, 200, 404, 403, 404);
    // scheduled -> scheduled is never allowed: who gets as far as the transition check gets 409
    expect(soft, "setInterviewStatus", t -> interviews.status(t, id, "scheduled"), 409, 409, 404, 403, 404);
    soft.assertAll();
  }

  @Test
  void itsQuestionsAreForAdminsAndItsInterviewers() {
    SoftAssertions soft = new SoftAssertions();
    //                                                                         admin on-it other-int its-cand other-cand
    expect(soft, "listInterviewQuestions", t -> interviews.questions(t, id), 200, 200, 404, 403, 404);
    expect(soft, "setInterviewQuestions", t -> interviews.setQuestions(t, id), 200, 200, 404, 403, 404);
    soft.assertAll();
  }

  @Test
  void scorecardsAreWrittenByItsInterviewersAndNeverShownToItsCandidate() {
    SoftAssertions soft = new SoftAssertions();
    JsonObject draft = new JsonObject().put("recommendation", "hire");
    //                                                                                           admin on-it other-int its-cand other-cand
    expect(soft, "saveMyFeedback", t -> api.call(io.vertx.core.http.HttpMethod.PUT, "/api/interviews/" + id + "/feedback/mine", t, draft),
      403, 200, 404, 403, 404);
    expect(soft, "submitMyFeedback", t -> api.call(io.vertx.core.http.HttpMethod.POST, "/api/interviews/" + id + "/feedback/mine/submit", t, null),
      403, 200, 404, 403, 404);
    expect(soft, "listFeedback", t -> api.get("/api/interviews/" + id + "/feedback", t), 200, 200, 404, 403, 404);
    soft.assertAll();
  }

  @Test
  void anUnknownInterviewIs404ForEveryone() {
    String unknown = java.util.UUID.randomUUID().toString();
    SoftAssertions soft = new SoftAssertions();
    expect(soft, "getInterview", t -> interviews.get(t, unknown), 404, 404, 404, 404, 404);
    expect(soft, "updateInterview", t -> interviews.update(t, unknown, new JsonObject().put("title", "x")),
      404, 404, 404, 404, 404);
    expect(soft, "setInterviewStatus", t -> interviews.status(t, unknown, "cancelled"), 404, 404, 404, 404, 404);
    expect(soft, "listInterviewQuestions", t -> interviews.questions(t, unknown), 404, 404, 404, 404, 404);
    expect(soft, "setInterviewQuestions", t -> interviews.setQuestions(t, unknown), 404, 404, 404, 404, 404);
    expect(soft, "listFeedback", t -> api.get("/api/interviews/" + unknown + "/feedback", t), 404, 404, 404, 404, 404);
    soft.assertAll();
  }
}
