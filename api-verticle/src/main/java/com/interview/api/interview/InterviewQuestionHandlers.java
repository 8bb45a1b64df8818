package com.interview.api.interview;

import com.interview.api.auth.Principal;
import com.interview.api.common.ApiProblem;
import com.interview.api.contract.ApiCall;
import com.interview.api.contract.ApiResponse;
import com.interview.api.contract.OperationHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The ordered questions of an interview (admins and its interviewers; its candidate gets 403, anybody else 404):
 * listInterviewQuestions and setInterviewQuestions, which replaces the whole list in one transaction.
 */
public final class InterviewQuestionHandlers {

  private static final String MANAGERS_ONLY = "Only admins and the interview's interviewers see and choose its questions.";

  private final InterviewRepository interviews;
  private final InterviewEvents events;

  public InterviewQuestionHandlers(InterviewRepository interviews, InterviewEvents events) {
    this.interviews = interviews;
    this.events = events;
  }

  public Map<String, OperationHandler> handlers() {
    return Map.of(
      "listInterviewQuestions", this::list,
      "setInterviewQuestions", this::set);
  }

  private Future<ApiResponse> list(ApiCall call) {
    UUID id = call.pathId("id");
    return interviews.find(id)
      .compose(interview -> {
        if (interview == null) {
          return Future.failedFuture(ApiProblem.notFound("No interview " + id + "."));
        }
        InterviewAccess.of(call.caller(), interview).requireManages(MANAGERS_ONLY);
        return interviews.questions(id);
      })
      .map(items -> ApiResponse.json(200, new JsonObject().put("items", items)));
  }

  /** The interview after the change and its questions. */
  private record Changed(JsonObject interview, JsonArray questions) {
  }

  private Future<ApiResponse> set(ApiCall call) {
    Principal caller = call.caller();
    UUID id = call.pathId("id");
    List<UUID> ids = InterviewInput.ids(call.json().getJsonArray("questionIds"));
    return interviews.transaction(tx -> tx.lock(id).compose(locked -> {
        if (locked == null) {
          return Future.failedFuture(ApiProblem.notFound("No interview " + id + "."));
        }
        locked.access(caller).requireManages(MANAGERS_ONLY);
        return tx.existingQuestions(ids);
      })
      .compose(existing -> {
        requireKnown(ids, existing);
        return tx.setQuestions(id, ids).compose(v -> tx.touch(id));
      })
      .compose(v -> tx.questions(id))
      .compose(questions -> tx.find(id).map(interview -> new Changed(interview, questions))))
      .map(changed -> {
        events.publish(InterviewEvents.QUESTIONS, changed.interview());
        return ApiResponse.json(200, new JsonObject().put("items", changed.questions()));
      });
  }

  private static void requireKnown(List<UUID> ids, Set<UUID> existing) {
    JsonArray errors = new JsonArray();
    for (int i = 0; i < ids.size(); i++) {
      if (!existing.contains(ids.get(i))) {
        errors.add(new JsonObject().put("field", "/questionIds/" + i).put("message", "No question with this id."));
      }
    }
    if (!errors.isEmpty()) {
      throw new ApiProblem(400, "validation_failed", "Some questions are not in the bank: see errors.", errors);
    }
  }
}
