package com.interview.api.question;

import com.interview.api.auth.Principal;
import com.interview.api.common.Access;
import com.interview.api.common.ApiProblem;
import com.interview.api.contract.ApiCall;
import com.interview.api.contract.ApiResponse;
import com.interview.api.contract.OperationHandler;
import com.interview.api.db.Cache;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * The question bank: listQuestions (searched, cached per page), getQuestion, createQuestion, updateQuestion (admins
 * and interviewers) and deleteQuestion (admins). Every write bumps the bank's cache generation, so no page cached
 * before it is served after it.
 */
public final class QuestionHandlers {

  static final int DEFAULT_LIMIT = 20;
  /** The cache generation of every list page of the bank. */
  static final String GENERATION = "questions";
  static final Duration PAGE_TTL = Duration.ofMinutes(5);
  private static final String STAFF_ONLY = "The question bank is for admins and interviewers.";

  private final QuestionRepository repository;
  private final Cache cache;

  public QuestionHandlers(QuestionRepository repository, Cache cache) {
    this.repository = repository;
    this.cache = cache;
  }

  public Map<String, OperationHandler> handlers() {
    return Map.of(
      "listQuestions", this::list,
      "getQuestion", this::get,
      "createQuestion", this::create,
      "updateQuestion", this::update,
      "deleteQuestion", this::delete);
  }

  private Future<ApiResponse> list(ApiCall call) {
    Access.require(call.caller().isStaff(), STAFF_ONLY);
    Object limit = call.queryParam("limit");
    QuestionQuery query = new QuestionQuery((String) call.queryParam("difficulty"), blankToNull(call.queryParam("tag")),
      blankToNull(call.queryParam("category")), blankToNull(call.queryParam("q")),
      limit == null ? DEFAULT_LIMIT : ((Number) limit).intValue(), (String) call.queryParam("cursor"));
    query.after(); // a bad cursor is a 400 before anything is cached
    return cache.generation(GENERATION).compose(generation -> {
      if (generation < 0) { // Redis is away: straight to PostgreSQL
        return load(query);
      }
      return cache.get("cache:questions:" + generation + ":" + query.key(), PAGE_TTL, () -> load(query));
    }).map(page -> ApiResponse.of(200, "application/json", page));
  }

  private Future<Buffer> load(QuestionQuery query) {
    return repository.list(query).map(JsonObject::toBuffer);
  }

  private Future<ApiResponse> get(ApiCall call) {
    Access.require(call.caller().isStaff(), STAFF_ONLY);
    UUID id = call.pathId("id");
    return repository.find(id).map(q -> {
      if (q == null) {
        throw ApiProblem.notFound("No question " + id + ".");
      }
      return ApiResponse.of(200, "application/json", q);
    });
  }

  private Future<ApiResponse> create(ApiCall call) {
    Principal caller = call.caller();
    Access.require(caller.isStaff(), STAFF_ONLY);
    return repository.create(call.json(), caller.userId())
      .compose(q -> cache.bump(GENERATION).map(v -> ApiResponse.json(201, q)));
  }

  private Future<ApiResponse> update(ApiCall call) {
    Access.require(call.caller().isStaff(), STAFF_ONLY);
    UUID id = call.pathId("id");
    return repository.update(id, call.json()).compose(q -> {
      if (q == null) {
        return Future.failedFuture(ApiProblem.notFound("No question " + id + "."));
      }
      return cache.bump(GENERATION).map(v -> ApiResponse.json(200, q));
    });
  }

  private Future<ApiResponse> delete(ApiCall call) {
    Access.require(call.caller().isAdmin(), "Only admins remove questions from the bank.");
    UUID id = call.pathId("id");
    return repository.delete(id).compose(deleted -> {
      if (!deleted) {
        return Future.failedFuture(ApiProblem.notFound("No question " + id + "."));
      }
      return cache.bump(GENERATION).map(v -> ApiResponse.noContent());
    });
  }

  private static String blankToNull(Object value) {
    return value == null || ((String) value).isBlank() ? null : ((String) value).trim();
  }
}
