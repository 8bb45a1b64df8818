package com.interview.api.common;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A failure the API answers with, mapped once to {@code application/problem+json} (RFC 9457) by
 * {@link com.interview.api.contract.ApiResponse#problem}. Thrown or returned as a failed future by handlers.
 *
 * @param status HTTP status
 * @param code   stable machine-readable code ({@code validation_failed}, {@code not_found}, ...)
 * @param detail one sentence for people
 * @param errors for validation: the offending fields as {@code [{"field": ..., "message": ...}]}, else null
 *
 * <p>Extension members that the contract's {@code Problem} declares (e.g. {@code conflictingInterviewId}) are added
 * with {@link #with(String, Object)}.
 */
public final class ApiProblem extends RuntimeException {

  private final int status;
  private final String code;
  private final JsonArray errors;
  private final JsonObject extensions = new JsonObject();

  public ApiProblem(int status, String code, String detail) {
    this(status, code, detail, null);
  }

  public ApiProblem(int status, String code, String detail, JsonArray errors) {
    super(detail, null, false, false);
    this.status = status;
    this.code = code;
    this.errors = errors;
  }

  public static ApiProblem notFound(String detail) {
    return new ApiProblem(404, "not_found", detail);
  }

  public static ApiProblem badRequest(String code, String detail) {
    return new ApiProblem(400, code, detail);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String detail() {
    return getMessage();
  }

  public JsonArray errors() {
    return errors;
  }

  /** Adds an extension member to the problem body (a null value adds nothing); returns this problem. */
  public ApiProblem with(String member, Object value) {
    if (value != null) {
      extensions.put(member, value);
    }
    return this;
  }

  /** Extension members beyond the standard ones (never null). */
  public JsonObject extensions() {
    return extensions;
  }
}
