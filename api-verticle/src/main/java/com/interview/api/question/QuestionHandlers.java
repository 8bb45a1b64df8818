package com.interview.api.question;

import com.interview.api.common.Access;
import com.interview.api.common.ApiProblem;
import com.interview.api.common.Cursor;
import com.interview.api.contract.ApiCall;
import com.interview.api.contract.ApiResponse;
import com.interview.api.contract.OperationHandler;
import io.vertx.core.Future;

import java.util.Map;
import java.util.UUID;

/** The question bank's operations. */
public final class QuestionHandlers {

  static final int DEFAULT_LIMIT = 20;

  private final QuestionRepository repository;

  public QuestionHandlers(QuestionRepository repository) {
    this.repository = repository;
  }

  public Map<String, OperationHandler> handlers() {
    return Map.of(
      "listQuestions", this::list,
      "getQuestion", this::get);
  }

  private Future<ApiResponse> list(ApiCall call) {
    Access.require(call.caller().isStaff(), "The question bank is for admins and interviewers.");
    Object limit = call.queryParam("limit");
    Object difficulty = call.queryParam("difficulty");
    Cursor after = Cursor.decode((String) call.queryParam("cursor"));
    return repository.list(limit == null ? DEFAULT_LIMIT : ((Number) limit).intValue(), after, (String) difficulty)
      .map(page -> ApiResponse.json(200, page));
  }

  private Future<ApiResponse> get(ApiCall call) {
    Access.require(call.caller().isStaff(), "The question bank is for admins and interviewers.");
    UUID id = UUID.fromString((String) call.pathParam("id"));
    return repository.find(id).map(q -> {
      if (q == null) {
        throw ApiProblem.notFound("No question " + id + ".");
      }
      return ApiResponse.json(200, q);
    });
  }
}
