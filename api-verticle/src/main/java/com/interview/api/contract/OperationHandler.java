package com.interview.api.contract;

import io.vertx.core.Future;

/**
 * The code behind one {@code operationId} of {@code openapi.yaml}. It receives a request the contract already
 * validated; it translates, calls repositories and answers. A failed future with an
 * {@link com.interview.api.common.ApiProblem} becomes that problem; any other failure a 500.
 */
@FunctionalInterface
public interface OperationHandler {
  Future<ApiResponse> handle(ApiCall call);
}
