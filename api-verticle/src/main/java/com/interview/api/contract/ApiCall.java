package com.interview.api.contract;

import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;

/**
 * One validated call of an operation: the raw request and the parameters and body as the contract parsed them
 * (numbers are numbers, arrays are arrays, defaults applied by the schema are not).
 *
 * @param operationId the operation matched
 * @param request     the request as received
 * @param validated   parameters and body after validation
 */
public record ApiCall(String operationId, ApiRequest request, ValidatedRequest validated) {

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

  /** The validated body (JsonObject for JSON), or null. */
  public Object body() {
    RequestParameter b = validated.getBody();
    return b == null ? null : b.get();
  }
}
