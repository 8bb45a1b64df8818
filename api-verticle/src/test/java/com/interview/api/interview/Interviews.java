package com.interview.api.interview;

import com.interview.api.TestApi;
import com.interview.api.TestApi.User;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Requests of the interview operations, for tests: bodies and calls that expect success. */
public final class Interviews {

  /** A fixed Monday far enough ahead that no test schedules in the past by accident. */
  public static final OffsetDateTime DAY = OffsetDateTime.of(2031, 3, 3, 0, 0, 0, 0, ZoneOffset.UTC);

  private final TestApi api;

  public Interviews(TestApi api) {
    this.api = api;
  }

  /** DAY at {@code hour}:{@code minute} UTC. */
  public static OffsetDateTime at(int hour, int minute) {
    return DAY.withHour(hour).withMinute(minute);
  }

  /** RFC 3339, as the contract's date-time wants it (with seconds, unlike OffsetDateTime.toString). */
  public static String iso(OffsetDateTime t) {
    return java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
  }

  /** A NewInterview body from {@code start} to {@code end}. */
  public static JsonObject body(User candidate, OffsetDateTime start, OffsetDateTime end, User... interviewers) {
    JsonArray ids = new JsonArray();
    for (User u : interviewers) {
      ids.add(u.id().toString());
    }
    return new JsonObject().put("title", "Backend interview").put("candidateId", candidate.id().toString())
      .put("interviewerIds", ids).put("startsAt", iso(start)).put("endsAt", iso(end))
      .put("timezone", "Europe/Paris").put("meetingUrl", "https://meet.example.com/abc");
  }

  public Reply create(String token, JsonObject body) {
    return api.call(HttpMethod.POST, "/api/interviews", token, body);
  }

  /** Creates the interview (201 expected) and returns it. */
  public JsonObject created(String token, JsonObject body) {
    Reply r = create(token, body);
    if (r.status() != 201) {
      throw new AssertionError("createInterview: " + r.status() + " " + r.text());
    }
    return r.json();
  }

  public Reply get(String token, String id) {
    return api.get("/api/interviews/" + id, token);
  }

  public Reply update(String token, String id, JsonObject change) {
    return api.call(HttpMethod.PATCH, "/api/interviews/" + id, token, change);
  }

  public Reply status(String token, String id, String status) {
    return api.call(HttpMethod.PUT, "/api/interviews/" + id + "/status", token, new JsonObject().put("status", status));
  }

  public Reply setQuestions(String token, String id, String... questionIds) {
    return api.call(HttpMethod.PUT, "/api/interviews/" + id + "/questions", token,
      new JsonObject().put("questionIds", new JsonArray(java.util.List.of((Object[]) questionIds))));
  }

  public Reply questions(String token, String id) {
    return api.get("/api/interviews/" + id + "/questions", token);
  }

  /** Adds a question to the bank (201 expected); its id. */
  public String question(String token, String title, String... tags) {
    Reply r = api.call(HttpMethod.POST, "/api/questions", token, new JsonObject().put("title", title)
      .put("difficulty", "medium").put("tags", new JsonArray(java.util.List.of((Object[]) tags))));
    if (r.status() != 201) {
      throw new AssertionError("createQuestion: " + r.status() + " " + r.text());
    }
    return r.json().getString("id");
  }

  /** The stable code of a problem answer. */
  public static String code(Reply r) {
    return r.json().getString("code");
  }

  public static UUID id(JsonObject interview) {
    return UUID.fromString(interview.getString("id"));
  }
}
