package com.interview.api.contract;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;

import java.util.Map;

/** {@code GET /api} (the index of operations) and {@code GET /api/openapi.yaml} (the contract itself). */
public final class ContractHandlers {

  private final Buffer contractYaml;
  private final JsonObject info;

  public ContractHandlers(Buffer contractYaml, JsonObject rawContract) {
    this.contractYaml = contractYaml;
    this.info = rawContract.getJsonObject("info", new JsonObject());
  }

  public Map<String, OperationHandler> handlers(OpenAPIContract contract) {
    return Map.of(
      "getApiIndex", call -> Future.succeededFuture(index(contract)),
      "getOpenApiContract", call -> Future.succeededFuture(ApiResponse.of(200, "application/yaml", contractYaml)));
  }

  private ApiResponse index(OpenAPIContract contract) {
    JsonArray operations = new JsonArray();
    for (Operation op : contract.operations()) {
      operations.add(new JsonObject()
        .put("operationId", op.getOperationId())
        .put("method", op.getHttpMethod().name())
        .put("path", op.getOpenAPIPath())
        .put("summary", op.getOpenAPIModel().getString("summary", "")));
    }
    return ApiResponse.json(200, new JsonObject()
      .put("title", info.getString("title", "API"))
      .put("version", info.getString("version", ""))
      .put("operations", operations));
  }
}
