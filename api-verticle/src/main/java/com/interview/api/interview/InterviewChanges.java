package com.interview.api.interview;

import com.interview.api.auth.Principal;
import com.interview.api.common.ApiProblem;
import com.interview.api.contract.ApiCall;
import com.interview.api.contract.ApiResponse;
import com.interview.api.contract.OperationHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Changing an interview (admins and its interviewers): updateInterview (details any time; times and interviewers only
 * while scheduled, never double-booking anyone) and setInterviewStatus (the transitions of {@link InterviewStatus}).
 * Each runs in one transaction holding the interview's row lock; the event is published after the commit.
 */
public final class InterviewChanges {

  private static final String MANAGERS_ONLY = "Only admins and the interview's interviewers change it.";

  private final InterviewRepository interviews;
  private final InterviewEvents events;

  public InterviewChanges(InterviewRepository interviews, InterviewEvents events) {
    this.interviews = interviews;
    this.events = events;
  }

  public Map<String, OperationHandler> handlers() {
    return Map.of(
      "updateInterview", this::update,
      "setInterviewStatus", this::setStatus);
  }

  /** The bookings an update asks for, kept to explain a double booking after the rollback. */
  private record Booking(List<UUID> interviewers, OffsetDateTime start, OffsetDateTime end) {
  }

  private Future<ApiResponse> update(ApiCall call) {
    Principal caller = call.caller();
    UUID id = call.pathId("id");
    JsonObject change = call.json();
    InterviewInput input = new InterviewInput();
    String title = input.title(change);
    OffsetDateTime start = input.time(change, "startsAt");
    OffsetDateTime end = input.time(change, "endsAt");
    input.order(start, end);
    String timezone = input.timezone(change);
    String meetingUrl = input.meetingUrl(change);
    List<UUID> interviewers = InterviewInput.ids(change.getJsonArray("interviewerIds"));
    input.check();
    AtomicReference<Booking> attempted = new AtomicReference<>();
    Future<Map<UUID, String>> roles = interviewers == null ? Future.succeededFuture(Map.of()) : interviews.roles(interviewers);
    return roles
      .compose(known -> {
        if (interviewers != null) {
          input.interviewers(interviewers, known);
          input.check();
        }
        return interviews.transaction(tx -> tx.lock(id).compose(locked -> {
          if (locked == null) {
            return Future.failedFuture(ApiProblem.notFound("No interview " + id + "."));
          }
          locked.access(caller).requireManages(MANAGERS_ONLY);
          OffsetDateTime newStart = start == null ? locked.startsAt() : start;
          OffsetDateTime newEnd = end == null ? locked.endsAt() : end;
          boolean moves = !newStart.isEqual(locked.startsAt()) || !newEnd.isEqual(locked.endsAt());
          boolean rebooks = interviewers != null && !new HashSet<>(interviewers).equals(locked.interviewers());
          if ((moves || rebooks) && locked.status() != InterviewStatus.SCHEDULED) {
            return Future.failedFuture(new ApiProblem(409, "not_scheduled",
              "Only a scheduled interview is rescheduled or gets other interviewers; this one is " + locked.status().wire() + "."));
          }
          input.order(newStart, newEnd);
          input.check();
          attempted.set(new Booking(rebooks ? interviewers : List.copyOf(locked.interviewers()), newStart, newEnd));
          return tx.edit(id, title, timezone, change.containsKey("location"), change.getString("location"),
              change.containsKey("meetingUrl"), meetingUrl, newStart, newEnd)
            .compose(v -> rebooks ? tx.unbook(id).compose(w -> tx.book(id, interviewers, newStart, newEnd, true))
              : moves ? tx.move(id, newStart, newEnd) : Future.succeededFuture())
            .compose(v -> tx.find(id));
        }));
      })
      .recover(e -> attempted.get() == null ? Future.failedFuture(e) : DoubleBooking.explain(e, interviews,
        attempted.get().interviewers(), attempted.get().start(), attempted.get().end(), id))
      .map(interview -> {
        events.publish(InterviewEvents.UPDATED, interview);
        return ApiResponse.json(200, interview);
      });
  }

  private Future<ApiResponse> setStatus(ApiCall call) {
    Principal caller = call.caller();
    UUID id = call.pathId("id");
    InterviewStatus next = InterviewStatus.of(call.json().getString("status"));
    return interviews.transaction(tx -> tx.lock(id).compose(locked -> {
        if (locked == null) {
          return Future.failedFuture(ApiProblem.notFound("No interview " + id + "."));
        }
        locked.access(caller).requireManages(MANAGERS_ONLY);
        if (!locked.status().canBecome(next)) {
          return Future.failedFuture(new ApiProblem(409, "invalid_transition",
            "An interview cannot go from " + locked.status().wire() + " to " + next.wire() + "."));
        }
        return tx.status(id, next).compose(v -> tx.find(id));
      }))
      .map(interview -> {
        events.publish(InterviewEvents.STATUS, interview);
        return ApiResponse.json(200, interview);
      });
  }
}
