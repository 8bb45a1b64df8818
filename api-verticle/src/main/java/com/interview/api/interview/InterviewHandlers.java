package com.interview.api.interview;

import com.interview.api.auth.Principal;
import com.interview.api.common.Access;
import com.interview.api.common.ApiProblem;
import com.interview.api.common.Cursor;
import com.interview.api.contract.ApiCall;
import com.interview.api.contract.ApiResponse;
import com.interview.api.contract.OperationHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Scheduling and reading interviews: createInterview (admins and interviewers), listInterviews and getInterview (what
 * the caller may see: admins all, interviewers those they are on, candidates their own).
 */
public final class InterviewHandlers {

  static final int DEFAULT_LIMIT = 20;

  private final InterviewRepository interviews;
  private final InterviewEvents events;

  public InterviewHandlers(InterviewRepository interviews, InterviewEvents events) {
    this.interviews = interviews;
    this.events = events;
  }

  public Map<String, OperationHandler> handlers() {
    return Map.of(
      "createInterview", this::create,
      "listInterviews", this::list,
      "getInterview", this::get);
  }

  private Future<ApiResponse> create(ApiCall call) {
    Principal caller = call.caller();
    Access.require(caller.isStaff(), "Only admins and interviewers schedule interviews.");
    JsonObject body = call.json();
    InterviewInput input = new InterviewInput();
    String title = input.title(body);
    OffsetDateTime start = input.time(body, "startsAt");
    OffsetDateTime end = input.time(body, "endsAt");
    input.order(start, end);
    String timezone = input.timezone(body);
    String meetingUrl = input.meetingUrl(body);
    input.check();
    NewInterview wanted = new NewInterview(title, UUID.fromString(body.getString("candidateId")),
      InterviewInput.ids(body.getJsonArray("interviewerIds")), start, end, timezone == null ? "UTC" : timezone,
      body.getString("location"), meetingUrl);
    List<UUID> people = new ArrayList<>(wanted.interviewers());
    people.add(wanted.candidateId());
    return interviews.roles(people)
      .compose(roles -> {
        input.candidate(wanted.candidateId(), roles);
        input.interviewers(wanted.interviewers(), roles);
        input.check();
        return interviews.transaction(tx -> tx.insert(wanted, caller.userId())
          .compose(id -> tx.book(id, wanted.interviewers(), start, end, true).compose(v -> tx.find(id))));
      })
      .recover(e -> DoubleBooking.explain(e, interviews, wanted.interviewers(), start, end, null))
      .map(interview -> {
        events.publish(InterviewEvents.CREATED, interview);
        return ApiResponse.json(201, interview).header("Location", "/api/interviews/" + interview.getString("id"));
      });
  }

  private Future<ApiResponse> list(ApiCall call) {
    Principal caller = call.caller();
    Object limit = call.queryParam("limit");
    InterviewQuery query = new InterviewQuery(caller.isAdmin() ? null : caller.userId(),
      (String) call.queryParam("status"), instant(call, "from"), instant(call, "to"), uuid(call, "interviewer"),
      uuid(call, "candidate"), limit == null ? DEFAULT_LIMIT : ((Number) limit).intValue(),
      Cursor.decode((String) call.queryParam("cursor")));
    return interviews.list(query).map(page -> ApiResponse.json(200, page));
  }

  private Future<ApiResponse> get(ApiCall call) {
    UUID id = call.pathId("id");
    return interviews.find(id).map(interview -> {
      if (interview == null) {
        throw ApiProblem.notFound("No interview " + id + ".");
      }
      InterviewAccess.of(call.caller(), interview).requireSees();
      return ApiResponse.json(200, interview);
    });
  }

  private static OffsetDateTime instant(ApiCall call, String name) {
    String text = (String) call.queryParam(name);
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text);
    } catch (DateTimeParseException e) {
      throw new ApiProblem(400, "validation_failed", name + " is not an RFC 3339 date-time.", new JsonArray()
        .add(new JsonObject().put("field", name).put("message", "Not an RFC 3339 date-time with offset.")));
    }
  }

  private static UUID uuid(ApiCall call, String name) {
    String text = (String) call.queryParam(name);
    return text == null ? null : UUID.fromString(text);
  }
}
