package com.interview.api.contract;

import com.interview.api.common.ApiProblem;
import io.vertx.core.Future;

import java.util.HashMap;
import java.util.Map;

/** Operations of the contract whose handlers are not written yet: 501, so start-up still checks every binding. */
public final class Pending {

  private Pending() {
  }

  public static Map<String, OperationHandler> of(String... operationIds) {
    Map<String, OperationHandler> out = new HashMap<>();
    for (String id : operationIds) {
      out.put(id, call -> Future.failedFuture(new ApiProblem(501, "not_implemented", id + " is not implemented yet.")));
    }
    return out;
  }
}
