package com.interview.api.contract;

import com.interview.api.common.ApiProblem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Path;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The API's single entry point: finds the operation of {@code openapi.yaml} a request addresses, validates it
 * against the contract, runs the handler bound to its {@code operationId}, and maps every failure to
 * problem+json. Transport adapters (HTTP port, event bus) only translate to and from {@link ApiRequest} /
 * {@link ApiResponse}.
 *
 * <p>Validation runs on the calling event loop with the validator's per-parameter methods: the library's
 * {@code validate(...)} would hop to a worker thread for every request, which costs more than the check.
 */
public final class ApiDispatcher {

  private static final Logger log = LoggerFactory.getLogger(ApiDispatcher.class);

  private final OpenAPIContract contract;
  private final RequestValidatorImpl validator;
  private final Map<String, OperationHandler> handlers;

  /** Fails when an operation of the contract has no handler, or a handler names no operation. */
  public ApiDispatcher(Vertx vertx, OpenAPIContract contract, Map<String, OperationHandler> handlers) {
    this.contract = contract;
    this.validator = new RequestValidatorImpl(vertx, contract);
    this.handlers = Map.copyOf(handlers);
    Set<String> missing = new TreeSet<>();
    for (Operation op : contract.operations()) {
      if (!handlers.containsKey(op.getOperationId())) {
        missing.add(op.getOperationId());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("openapi.yaml: operations without a handler: " + missing);
    }
    for (String id : handlers.keySet()) {
      if (contract.operation(id) == null) {
        throw new IllegalStateException("handler bound to unknown operationId: " + id);
      }
    }
  }

  public OpenAPIContract contract() {
    return contract;
  }

  /** Answers {@code request}; never fails (failures become problem responses). */
  public Future<ApiResponse> dispatch(ApiRequest request) {
    Operation operation = contract.findOperation(request.path(), request.method());
    if (operation == null) {
      return Future.succeededFuture(ApiResponse.problem(unmatched(request)));
    }
    ApiCall call;
    try {
      call = new ApiCall(operation.getOperationId(), request, validate(ContractRequests.of(request, operation), operation));
    } catch (ApiProblem p) {
      return Future.succeededFuture(ApiResponse.problem(p));
    } catch (ValidatorException e) {
      return Future.succeededFuture(ApiResponse.problem(invalid(e)));
    }
    Future<ApiResponse> answer;
    try {
      answer = handlers.get(operation.getOperationId()).handle(call);
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    String route = operation.getOpenAPIPath();
    return answer.recover(failure -> Future.succeededFuture(ApiResponse.problem(toProblem(operation, failure))))
      .map(response -> response.withRoute(route));
  }

  private ValidatedRequest validate(ValidatableRequest params, Operation operation) {
    Map<String, io.vertx.openapi.validation.RequestParameter> headers = new HashMap<>();
    Map<String, io.vertx.openapi.validation.RequestParameter> path = new HashMap<>();
    Map<String, io.vertx.openapi.validation.RequestParameter> query = new HashMap<>();
    for (io.vertx.openapi.contract.Parameter p : operation.getParameters()) {
      switch (p.getIn()) {
        case HEADER -> headers.put(p.getName(), validator.validateParameter(p, params.getHeaders().get(p.getName())));
        case PATH -> path.put(p.getName(), validator.validateParameter(p, params.getPathParameters().get(p.getName())));
        case QUERY -> query.put(p.getName(), validator.validateParameter(p, params.getQuery().get(p.getName())));
        default -> {
        }
      }
    }
    if (operation.getRequestBody() != null && params.getBody() != null && !params.getBody().isEmpty()
      && operation.getRequestBody().determineContentType(params.getContentType()) == null) {
      throw new ApiProblem(415, "unsupported_media_type",
        "Send the body as " + String.join(" or ", operation.getRequestBody().getContent().keySet()) + ".");
    }
    return new ValidatedRequestImpl(Map.of(), headers, path, query, validator.validateBody(operation.getRequestBody(), params));
  }

  private ApiProblem unmatched(ApiRequest request) {
    Path path = contract.findPath(request.path());
    if (path == null) {
      return ApiProblem.notFound("No API operation at " + request.path() + ".");
    }
    Set<String> allowed = new TreeSet<>();
    for (Operation op : contract.operations()) {
      if (op.getOpenAPIPath().equals(path.getName())) {
        allowed.add(op.getHttpMethod().name());
      }
    }
    return new ApiProblem(405, "method_not_allowed", request.method().name() + " is not allowed here; use " + String.join(", ", allowed) + ".");
  }

  static ApiProblem invalid(ValidatorException e) {
    JsonArray errors = new JsonArray();
    if (e instanceof SchemaValidationException sve && sve.getOutputUnit() != null) {
      collect(sve.getOutputUnit(), errors);
    }
    if (errors.isEmpty()) {
      errors.add(new JsonObject().put("field", "").put("message", e.getMessage()));
    }
    return new ApiProblem(400, "validation_failed", e.getMessage(), errors);
  }

  private static void collect(OutputUnit unit, JsonArray errors) {
    if (unit.getErrors() != null && !unit.getErrors().isEmpty()) {
      for (OutputUnit child : unit.getErrors()) {
        collect(child, errors);
      }
      return;
    }
    if (unit.getError() != null) {
      String location = unit.getInstanceLocation() == null ? "" : unit.getInstanceLocation();
      errors.add(new JsonObject().put("field", location.startsWith("#") ? location.substring(1) : location)
        .put("message", unit.getError()));
    }
  }

  private static ApiProblem toProblem(Operation operation, Throwable failure) {
    if (failure instanceof ApiProblem p) {
      return p;
    }
    log.error("operation " + operation.getOperationId() + " failed", failure);
    return new ApiProblem(500, "internal_error", "The server failed to answer; the error was logged.");
  }

  /** Methods that never change state (for caches and retries). */
  public static boolean isSafe(HttpMethod method) {
    return method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
  }
}
