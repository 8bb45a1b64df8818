package com.interview.api.contract;

import com.interview.api.auth.Principal;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;

/**
 * One validated call of an operation: the raw request and the parameters and body as the contract parsed them
 * (numbers are numbers, arrays are arrays, defaults applied by the schema are not).
 *
 * @param operationId the operation matched
 * @param request     the request as received
 * @param validated   parameters and body after validation
 * @param principal   the authenticated caller, or null for a public operation
 */
public record ApiCall(String operationId, ApiRequest request, ValidatedRequest validated, Principal principal) {

  /** A path parameter, as validated (String, Number, ...). */
  public Object pathParam(String name) {
    RequestParameter p = validated.getPathParameters().get(name);
    return p == null ? null : p.get();
  }

  /** A query parameter, or null when absent. */
  public Object queryParam(String name) {
    RequestParameter p = validated.getQuery().get(name);
    return p == null ? null : p.get();
  }

  /** The caller; fails 401 when the operation is public and nobody is authenticated. */
  public Principal caller() {
    if (principal == null) {
      throw com.interview.api.auth.Tokens.unauthorized("Authentication is required.");
    }
    return principal;
  }

  /** A path parameter that the contract declares as a UUID. */
  public java.util.UUID pathId(String name) {
    return java.util.UUID.fromString((String) pathParam(name));
  }

  /** The validated JSON body. */
  public io.vertx.core.json.JsonObject json() {
    Object b = body();
    return b instanceof io.vertx.core.json.JsonObject o ? o : new io.vertx.core.json.JsonObject();
  }

  /** The validated body (JsonObject for JSON), or null. */
  public Object body() {
    RequestParameter b = validated.getBody();
    return b == null ? null : b.get();
  }
}
