package com.interview.api.interview;

import com.interview.api.ContractConformance;
import com.interview.api.TestApi;
import com.interview.api.TestApi.User;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static com.interview.api.interview.Interviews.at;
import static com.interview.api.interview.Interviews.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answers of the interview, question-bank and feedback operations, successes and problems alike, validated
 * against the response schemas of {@code openapi.yaml}: the contract describes what the server really sends.
 */
class InterviewContractTest {

  private static TestApi api;
  private static Interviews interviews;
  private static ContractConformance contract;

  @BeforeAll
  static void start() {
    api = TestApi.start();
    interviews = new Interviews(api);
    contract = new ContractConformance(api);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static Reply conform(String operationId, int status, Reply r) {
    return contract.conform(operationId, status, r);
  }

  @Test
  void everyAnswerMatchesItsResponseSchema() {
    api.reset();
    User admin = api.admin();
    User alice = api.interviewer();
    User candidate = api.candidate();
    String a = alice.accessToken();

    String q = conform("createQuestion", 201, api.call(HttpMethod.POST, "/api/questions", a,
      new JsonObject().put("title", "Q").put("difficulty", "easy").put("tags", new JsonArray().add("t")))).json().getString("id");
    conform("updateQuestion", 200, api.call(HttpMethod.PATCH, "/api/questions/" + q, a, new JsonObject().put("body", "B")));
    conform("listQuestions", 200, api.get("/api/questions?tag=t&q=q&limit=1", a));
    conform("listQuestions", 400, api.get("/api/questions?cursor=nope", a));
    conform("deleteQuestion", 403, api.call(HttpMethod.DELETE, "/api/questions/" + q, a, null));

    JsonObject created = conform("createInterview", 201,
      interviews.create(a, body(candidate, at(10, 0), at(11, 0), alice).put("location", "Room 1"))).json();
    String id = created.getString("id");
    Reply conflict = conform("createInterview", 409, interviews.create(a, body(candidate, at(10, 0), at(11, 0), alice)));
    assertThat(conflict.json().getString("conflictingInterviewId")).isEqualTo(id);
    conform("createInterview", 400, interviews.create(a, body(candidate, at(11, 0), at(10, 0), alice)));
    conform("createInterview", 403, interviews.create(candidate.accessToken(), body(candidate, at(12, 0), at(13, 0), alice)));
    conform("listInterviews", 200, api.get("/api/interviews?limit=1", candidate.accessToken()));
    conform("getInterview", 200, interviews.get(candidate.accessToken(), id));
    conform("getInterview", 404, interviews.get(api.candidate().accessToken(), id));
    conform("updateInterview", 200, interviews.update(a, id, new JsonObject().putNull("meetingUrl")));
    conform("updateInterview", 403, interviews.update(candidate.accessToken(), id, new JsonObject().put("title", "x")));

    conform("setInterviewQuestions", 200, interviews.setQuestions(a, id, q));
    conform("setInterviewQuestions", 400, interviews.setQuestions(a, id, UUID.randomUUID().toString()));
    conform("listInterviewQuestions", 200, interviews.questions(a, id));
    conform("listInterviewQuestions", 403, interviews.questions(candidate.accessToken(), id));
    conform("deleteQuestion", 409, api.call(HttpMethod.DELETE, "/api/questions/" + q, admin.accessToken(), null));

    String mine = "/api/interviews/" + id + "/feedback/mine";
    conform("submitMyFeedback", 404, api.call(HttpMethod.POST, mine + "/submit", a, null));
    conform("saveMyFeedback", 200, api.call(HttpMethod.PUT, mine, a, new JsonObject()));
    conform("submitMyFeedback", 400, api.call(HttpMethod.POST, mine + "/submit", a, null));
    conform("saveMyFeedback", 400, api.call(HttpMethod.PUT, mine, a, new JsonObject()
      .put("scores", new JsonArray().add(new JsonObject().put("questionId", UUID.randomUUID().toString()).put("score", 3)))));
    conform("saveMyFeedback", 200, api.call(HttpMethod.PUT, mine, a, new JsonObject().put("recommendation", "hire")
      .put("scores", new JsonArray().add(new JsonObject().put("questionId", q).put("score", 3).put("comment", "ok")))));
    conform("saveMyFeedback", 403, api.call(HttpMethod.PUT, mine, admin.accessToken(), new JsonObject()));
    conform("submitMyFeedback", 200, api.call(HttpMethod.POST, mine + "/submit", a, null));
    conform("submitMyFeedback", 409, api.call(HttpMethod.POST, mine + "/submit", a, null));
    conform("saveMyFeedback", 409, api.call(HttpMethod.PUT, mine, a, new JsonObject()));
    conform("listFeedback", 200, api.get("/api/interviews/" + id + "/feedback", admin.accessToken()));
    conform("listFeedback", 403, api.get("/api/interviews/" + id + "/feedback", candidate.accessToken()));

    conform("setInterviewStatus", 200, interviews.status(a, id, "in_progress"));
    conform("updateInterview", 409, interviews.update(a, id, new JsonObject().put("startsAt", Interviews.iso(at(9, 0)))));
    conform("setInterviewStatus", 409, interviews.status(a, id, "no_show"));
    conform("setInterviewStatus", 404, interviews.status(a, UUID.randomUUID().toString(), "cancelled"));
  }
}
