package com.interview.api.feedback;

import com.interview.api.auth.Principal;
import com.interview.api.common.ApiProblem;
import com.interview.api.contract.ApiCall;
import com.interview.api.contract.ApiResponse;
import com.interview.api.contract.OperationHandler;
import com.interview.api.interview.InterviewAccess;
import com.interview.api.interview.InterviewRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Scorecards. listFeedback: admins and the interview's interviewers, never its candidate (403). saveMyFeedback and
 * submitMyFeedback: only an interviewer of the interview, on their own scorecard, which stays editable until it is
 * submitted (then 409 {@code feedback_submitted}); scores only for questions attached to the interview.
 */
public final class FeedbackHandlers {

  private final InterviewRepository interviews;
  private final FeedbackRepository feedback;

  public FeedbackHandlers(InterviewRepository interviews, FeedbackRepository feedback) {
    this.interviews = interviews;
    this.feedback = feedback;
  }

  public Map<String, OperationHandler> handlers() {
    return Map.of(
      "listFeedback", this::list,
      "saveMyFeedback", this::save,
      "submitMyFeedback", this::submit);
  }

  private Future<ApiResponse> list(ApiCall call) {
    UUID id = call.pathId("id");
    return access(call, id)
      .compose(access -> {
        access.requireManages("Scorecards are for admins and the interview's interviewers.");
        return feedback.list(id);
      })
      .map(items -> ApiResponse.json(200, new JsonObject().put("items", items)));
  }

  private Future<ApiResponse> save(ApiCall call) {
    Principal caller = call.caller();
    UUID id = call.pathId("id");
    JsonObject draft = call.json();
    JsonArray scores = draft.getJsonArray("scores", new JsonArray());
    return access(call, id)
      .compose(access -> {
        access.requireInterviewer("Only the interview's interviewers write scorecards.");
        return feedback.attachedQuestions(id);
      })
      .compose(attached -> {
        requireAttached(scores, attached);
        return feedback.saveDraft(id, caller.userId(), draft.getString("recommendation"), draft.getString("notes", ""), scores);
      })
      .map(saved -> {
        if (saved == null) {
          throw submitted();
        }
        return ApiResponse.json(200, saved);
      });
  }

  private Future<ApiResponse> submit(ApiCall call) {
    UUID me = call.caller().userId();
    UUID id = call.pathId("id");
    return access(call, id)
      .compose(access -> {
        access.requireInterviewer("Only the interview's interviewers submit scorecards.");
        return feedback.submit(id, me);
      })
      .compose(done -> done != null ? Future.succeededFuture(done) : feedback.mine(id, me).compose(mine -> {
        if (mine == null) {
          return Future.failedFuture(new ApiProblem(404, "no_draft", "Save a scorecard before submitting it."));
        }
        if ("submitted".equals(mine.getString("status"))) {
          return Future.failedFuture(submitted());
        }
        return Future.failedFuture(new ApiProblem(400, "recommendation_required",
          "A scorecard is submitted with a recommendation.", new JsonArray()
          .add(new JsonObject().put("field", "/recommendation").put("message", "Required to submit."))));
      }))
      .map(done -> ApiResponse.json(200, done));
  }

  /** The caller's access to the interview; 404 when it does not exist or the caller may not see it. */
  private Future<InterviewAccess> access(ApiCall call, UUID id) {
    return interviews.find(id).map(interview -> {
      if (interview == null) {
        throw ApiProblem.notFound("No interview " + id + ".");
      }
      return InterviewAccess.of(call.caller(), interview).requireSees();
    });
  }

  private static void requireAttached(JsonArray scores, Set<UUID> attached) {
    JsonArray errors = new JsonArray();
    Set<UUID> seen = new HashSet<>();
    for (int i = 0; i < scores.size(); i++) {
      UUID question = UUID.fromString(scores.getJsonObject(i).getString("questionId"));
      if (!attached.contains(question)) {
        errors.add(error(i, "This question is not one of the interview's."));
      } else if (!seen.add(question)) {
        errors.add(error(i, "This question is scored twice."));
      }
    }
    if (!errors.isEmpty()) {
      throw new ApiProblem(400, "validation_failed", "Some scores are for questions of no use here: see errors.", errors);
    }
  }

  private static JsonObject error(int index, String message) {
    return new JsonObject().put("field", "/scores/" + index + "/questionId").put("message", message);
  }

  private static ApiProblem submitted() {
    return new ApiProblem(409, "feedback_submitted", "This scorecard was submitted; it cannot change any more.");
  }
}
