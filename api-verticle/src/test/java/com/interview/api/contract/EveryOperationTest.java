package com.interview.api.contract;

import com.interview.api.ContractConformance;
import com.interview.api.TestApi;
import com.interview.api.TestApi.User;
import com.interview.api.upload.TestImages;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every operation of {@code openapi.yaml} answered at least once over the API's HTTP port, each answer validated
 * against the contract, and none left unchecked: the contract says what the server really does.
 */
class EveryOperationTest {

  private static TestApi api;
  private static ContractConformance contract;

  @BeforeAll
  static void start() {
    api = TestApi.start();
    contract = new ContractConformance(api);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static Reply conform(String op, int status, Reply r) {
    return contract.conform(op, status, r);
  }

  @Test
  void everyOperationAnswersAsTheContractSays() {
    api.reset();
    MultiMap acceptJson = MultiMap.caseInsensitiveMultiMap().add("Accept", "application/json");
    conform("getApiIndex", 200, api.raw(HttpMethod.GET, "/api", acceptJson, null));
    conform("getApiIndex", 200, api.get("/api", null));
    conform("getOpenApiContract", 200, api.get("/api/openapi.yaml", null));
    conform("getDocsAsset", 200, api.get("/api/docs/init.js", null));
    conform("getDocsAsset", 404, api.get("/api/docs/nothing.js", null));

    Reply registered = conform("register", 201, api.call(HttpMethod.POST, "/api/auth/register", null,
      new JsonObject().put("email", "owner@example.com").put("name", "Owner").put("password", TestApi.PASSWORD)));
    conform("register", 409, api.call(HttpMethod.POST, "/api/auth/register", null,
      new JsonObject().put("email", "OWNER@example.com").put("name", "Owner").put("password", TestApi.PASSWORD)));
    conform("register", 400, api.call(HttpMethod.POST, "/api/auth/register", null, new JsonObject().put("email", "x")));
    String adminToken = registered.json().getString("accessToken");
    conform("login", 200, api.call(HttpMethod.POST, "/api/auth/login", null,
      new JsonObject().put("email", "owner@example.com").put("password", TestApi.PASSWORD)));
    conform("login", 401, api.call(HttpMethod.POST, "/api/auth/login", null,
      new JsonObject().put("email", "owner@example.com").put("password", "wrong password")));
    Reply refreshed = conform("refresh", 200, api.call(HttpMethod.POST, "/api/auth/refresh", null,
      new JsonObject().put("refreshToken", registered.json().getString("refreshToken"))));
    conform("refresh", 401, api.call(HttpMethod.POST, "/api/auth/refresh", null, new JsonObject().put("refreshToken", "nope")));

    User interviewer = api.interviewer();
    User candidate = api.candidate();
    String t = interviewer.accessToken();
    conform("getMe", 200, api.get("/api/users/me", t));
    conform("getMe", 401, api.get("/api/users/me", null));
    conform("updateMe", 200, api.call(HttpMethod.PATCH, "/api/users/me", t, new JsonObject().put("name", "Renamed")));
    conform("updateMe", 400, api.call(HttpMethod.PATCH, "/api/users/me", t, new JsonObject()));
    MultiMap png = MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + t).add("Content-Type", "image/png");
    conform("putAvatar", 200, api.raw(HttpMethod.PUT, "/api/users/me/avatar", png, TestImages.image("png", 32, 32)));
    conform("putAvatar", 415, api.raw(HttpMethod.PUT, "/api/users/me/avatar", png, Buffer.buffer("<svg/>")));
    conform("listUsers", 200, api.get("/api/users?role=candidate&limit=5", t));
    conform("listUsers", 403, api.get("/api/users", candidate.accessToken()));
    conform("getUser", 200, api.get("/api/users/" + candidate.id(), t));
    conform("getUser", 404, api.get("/api/users/" + UUID.randomUUID(), t));
    conform("setUserRole", 200, api.call(HttpMethod.PUT, "/api/users/" + candidate.id() + "/role", adminToken,
      new JsonObject().put("role", "candidate")));
    conform("setUserRole", 403, api.call(HttpMethod.PUT, "/api/users/" + candidate.id() + "/role", t,
      new JsonObject().put("role", "admin")));

    String q = conform("createQuestion", 201, api.call(HttpMethod.POST, "/api/questions", t,
      new JsonObject().put("title", "Explain GCRA").put("difficulty", "medium").put("tags", new JsonArray().add("limits"))))
      .json().getString("id");
    conform("getQuestion", 200, api.get("/api/questions/" + q, t));
    conform("getQuestion", 403, api.get("/api/questions/" + q, candidate.accessToken()));
    conform("listQuestions", 200, api.get("/api/questions?tag=limits", t));
    conform("updateQuestion", 200, api.call(HttpMethod.PATCH, "/api/questions/" + q, t, new JsonObject().put("body", "Leaky bucket.")));
    String spare = api.call(HttpMethod.POST, "/api/questions", t, new JsonObject().put("title", "Spare").put("difficulty", "easy"))
      .json().getString("id");
    conform("deleteQuestion", 204, api.call(HttpMethod.DELETE, "/api/questions/" + spare, adminToken, null));

    OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).plusDays(3).withSecond(1).withNano(0); // toString drops ":00" seconds: not RFC 3339
    Reply created = conform("createInterview", 201, api.call(HttpMethod.POST, "/api/interviews", t, new JsonObject()
      .put("title", "System design").put("candidateId", candidate.id().toString())
      .put("interviewerIds", new JsonArray().add(interviewer.id().toString()))
      .put("startsAt", start.toString()).put("endsAt", start.plusHours(1).toString()).put("timezone", "Europe/Paris")));
    String id = created.json().getString("id");
    conform("listInterviews", 200, api.get("/api/interviews", candidate.accessToken()));
    conform("getInterview", 200, api.get("/api/interviews/" + id, t));
    conform("updateInterview", 200, api.call(HttpMethod.PATCH, "/api/interviews/" + id, t, new JsonObject().put("location", "Room 2")));
    conform("setInterviewQuestions", 200, api.call(HttpMethod.PUT, "/api/interviews/" + id + "/questions", t,
      new JsonObject().put("questionIds", new JsonArray().add(q))));
    conform("listInterviewQuestions", 200, api.get("/api/interviews/" + id + "/questions", t));
    conform("saveMyFeedback", 200, api.call(HttpMethod.PUT, "/api/interviews/" + id + "/feedback/mine", t,
      new JsonObject().put("recommendation", "hire")));
    conform("submitMyFeedback", 200, api.call(HttpMethod.POST, "/api/interviews/" + id + "/feedback/mine/submit", t, null));
    conform("listFeedback", 200, api.get("/api/interviews/" + id + "/feedback", t));
    conform("setInterviewStatus", 200, api.call(HttpMethod.PUT, "/api/interviews/" + id + "/status", t,
      new JsonObject().put("status", "cancelled")));

    conform("logout", 204, api.call(HttpMethod.POST, "/api/auth/logout", refreshed.json().getString("accessToken"), null));

    Reply stream = api.http().on(client -> client.request(new io.vertx.core.http.RequestOptions().setPort(api.port())
        .setHost("127.0.0.1").setURI("/api/events").putHeader("Authorization", "Bearer " + t))
      .compose(req -> req.send()).map(resp -> {
        Reply head = new Reply(resp.statusCode(), resp.headers(), Buffer.buffer());
        resp.request().reset(); // a stream never ends by itself: its head is what the contract describes
        return head;
      }));
    assertThat(stream.status()).isEqualTo(200);
    assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
    contract.seen("streamEvents");
    conform("streamEvents", 401, api.get("/api/events", null));

    assertThat(contract.unchecked()).as("operations of openapi.yaml with no checked answer").isEmpty();
  }

  /** Statuses no handler plans — the dispatcher's own — are problems the contract describes through its default. */
  @Test
  void unplannedStatusesAreProblemsTheContractDescribes() {
    api.reset();
    User interviewer = api.interviewer();
    String t = interviewer.accessToken();
    String q = api.call(HttpMethod.POST, "/api/questions", t, new JsonObject().put("title", "ETags").put("difficulty", "easy"))
      .json().getString("id");

    Reply noToken = conform("getQuestion", 401, api.get("/api/questions/" + q, null));
    assertThat(noToken.json().getString("code")).isEqualTo("unauthorized");
    conform("listUsers", 401, api.get("/api/users", null));
    conform("createInterview", 401, api.call(HttpMethod.POST, "/api/interviews", null, new JsonObject()));
    Reply badId = conform("getQuestion", 400, api.get("/api/questions/not-a-uuid", t));
    assertThat(badId.json().getString("code")).isEqualTo("validation_failed");
    conform("getInterview", 400, api.get("/api/interviews/not-a-uuid", t));
    MultiMap text = MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + t).add("Content-Type", "text/plain");
    Reply wrongType = conform("createQuestion", 415, api.raw(HttpMethod.POST, "/api/questions", text, Buffer.buffer("title")));
    assertThat(wrongType.json().getString("code")).isEqualTo("unsupported_media_type");

    Reply fresh = conform("getQuestion", 200, api.get("/api/questions/" + q, t));
    MultiMap cached = MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + t)
      .add("If-None-Match", fresh.header("ETag"));
    conform("getQuestion", 304, api.raw(HttpMethod.GET, "/api/questions/" + q, cached, null));
    Reply page = conform("listQuestions", 200, api.get("/api/questions", t));
    cached.set("If-None-Match", page.header("ETag"));
    conform("listQuestions", 304, api.raw(HttpMethod.GET, "/api/questions", cached, null));
    Reply document = conform("getOpenApiContract", 200, api.get("/api/openapi.yaml", null));
    conform("getOpenApiContract", 304, api.raw(HttpMethod.GET, "/api/openapi.yaml",
      MultiMap.caseInsensitiveMultiMap().add("If-None-Match", document.header("ETag")), null));
  }

  /** The check itself can fail: a body that is no problem, under a status only the default covers, is refused. */
  @Test
  void aDefaultStatusWithABodyThatIsNoProblemIsRefused() {
    MultiMap problemJson = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/problem+json");
    Reply notAProblem = new Reply(401, problemJson, new JsonObject().put("error", "unauthorized").toBuffer());
    assertThatThrownBy(() -> contract.conform("getQuestion", 401, notAProblem))
      .isInstanceOf(AssertionError.class).hasMessageContaining("does not match the contract");
    Reply notModifiedWithoutETag = new Reply(304, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer());
    assertThatThrownBy(() -> contract.conform("getQuestion", 304, notModifiedWithoutETag))
      .isInstanceOf(AssertionError.class).hasMessageContaining("header ETag");
  }
}
