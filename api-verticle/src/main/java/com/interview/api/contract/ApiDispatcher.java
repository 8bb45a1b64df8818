package com.interview.api.contract;

import com.interview.api.auth.Principal;
import com.interview.api.auth.Tokens;
import com.interview.api.common.ApiProblem;
import com.interview.api.common.Rows;
import com.interview.api.transport.NodeLoadMeter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Path;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The API's single entry point: finds the operation of {@code openapi.yaml} a request addresses, authenticates
 * the caller when the operation is not public ({@code security: []}), validates the request against the
 * contract, runs the handler bound to its {@code operationId}, and maps every failure to problem+json. A GET
 * answered 200 gets an {@code ETag}; a matching {@code If-None-Match} turns it into a 304. Transport adapters
 * (HTTP port, event bus) only translate to and from {@link ApiRequest} / {@link ApiResponse}.
 *
 * <p>Validation runs on the calling event loop with the validator's per-parameter methods: the library's
 * {@code validate(...)} would hop to a worker thread for every request, which costs more than the check. Its
 * schema validators are built once at start ({@link PrebuiltValidators}), not once per request.
 */
public final class ApiDispatcher {

  private static final Logger log = LoggerFactory.getLogger(ApiDispatcher.class);

  private final OpenAPIContract contract;
  private final RequestValidatorImpl validator;
  private final io.vertx.json.schema.SchemaRepository schemas;
  private final Map<String, OperationHandler> handlers;
  private final Map<String, List<String>> requestTypes;
  private final Set<String> publicOperations = new TreeSet<>();
  private final Authenticator authenticator;
  private final NodeLoadMeter load;
  private final AtomicBoolean databaseDown = new AtomicBoolean();

  public ApiDispatcher(Vertx vertx, ContractLoader.Loaded loaded, Map<String, OperationHandler> handlers,
                       Authenticator authenticator) {
    this(vertx, loaded, handlers, authenticator, new NodeLoadMeter(com.interview.api.ApiConfig.DEFAULT_CONCURRENCY));
  }

  /** Fails when an operation of the contract has no handler, or a handler names no operation. */
  public ApiDispatcher(Vertx vertx, ContractLoader.Loaded loaded, Map<String, OperationHandler> handlers,
                       Authenticator authenticator, NodeLoadMeter load) {
    this.load = load;
    this.contract = loaded.contract();
    PrebuiltValidators prebuilt = new PrebuiltValidators(contract);
    this.validator = new RequestValidatorImpl(vertx, prebuilt);
    this.schemas = prebuilt.getSchemaRepository();
    this.handlers = Map.copyOf(handlers);
    this.requestTypes = loaded.requestTypes();
    this.authenticator = authenticator;
    Set<String> missing = new TreeSet<>();
    boolean securedByDefault = loaded.raw().getJsonArray("security", new JsonArray()).size() > 0;
    for (Operation op : contract.operations()) {
      if (!handlers.containsKey(op.getOperationId())) {
        missing.add(op.getOperationId());
      }
      JsonArray security = op.getOpenAPIModel().getJsonArray("security");
      if (security == null ? !securedByDefault : security.isEmpty()) {
        publicOperations.add(op.getOperationId());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("openapi.yaml: operations without a handler: " + missing);
    }
    Set<String> unknown = new TreeSet<>();
    for (String id : handlers.keySet()) {
      if (contract.operation(id) == null) {
        unknown.add(id);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalStateException("openapi.yaml: handlers bound to no operation: " + unknown);
    }
  }

  public OpenAPIContract contract() {
    return contract;
  }

  /** Answers {@code request}; never fails (failures become problem responses). */
  public Future<ApiResponse> dispatch(ApiRequest request) {
    if (request.method() == HttpMethod.HEAD) {
      // RFC 9110 §9.3.2: HEAD is GET without the content — the same operation, checks and head; the HTTP layer
      // (ours or the proxy's) sends no body for a HEAD, and a stream is not started
      return dispatch(new ApiRequest(HttpMethod.GET, request.uri(), request.headers(), request.body(), request.client()))
        .map(response -> response.stream() == null
          // the length the GET would have (RFC 9110 §8.6); the HTTP layers would otherwise send none for a HEAD
          ? response.header(HttpHeaders.CONTENT_LENGTH, Integer.toString(response.body() == null ? 0 : response.body().length()))
          : new ApiResponse(response.status(), response.headers(), Buffer.buffer(), response.route(), null));
    }
    Operation operation = contract.findOperation(request.path(), request.method());
    if (operation == null) {
      ApiProblem problem = unmatched(request);
      ApiResponse response = ApiResponse.problem(problem);
      return Future.succeededFuture(ContentSecurity.apply(
        problem.status() == 405 ? response.header(HttpHeaders.ALLOW, allowed(request)) : response));
    }
    String route = operation.getOpenAPIPath();
    long started = load.begin(); // the node's in-flight count, which proxies balance on
    Future<Principal> caller = authenticate(operation, request);
    return caller
      .compose(principal -> {
        ApiCall call = new ApiCall(operation.getOperationId(), request, validate(request, operation), principal);
        return handlers.get(operation.getOperationId()).handle(call);
      })
      .recover(failure -> Future.succeededFuture(problem(operation, failure)))
      .map(response -> {
        if (response.status() < 500 && databaseDown.get() && databaseDown.compareAndSet(true, false)) {
          log.info("requests succeed again after the database was unavailable");
        }
        // a failed authentication refused the token presented, or asked for one
        boolean tokenRefused = caller.failed() && bearer(request);
        return BearerChallenge.apply(ContentSecurity.apply(conditional(request, response)), tokenRefused).withRoute(route);
      })
      .onComplete(ar -> load.end(started));
  }

  private Future<Principal> authenticate(Operation operation, ApiRequest request) {
    String auth = request.header(HttpHeaders.AUTHORIZATION);
    boolean bearer = bearer(request);
    if (publicOperations.contains(operation.getOperationId())) {
      // a public operation still learns who calls when a valid token comes along (e.g. logout of a session)
      return bearer ? authenticator.authenticate(auth.substring(7).trim()).otherwiseEmpty() : Future.succeededFuture();
    }
    if (!bearer) {
      return Future.failedFuture(Tokens.unauthorized("Send Authorization: Bearer <access token>."));
    }
    return authenticator.authenticate(auth.substring(7).trim());
  }

  private static boolean bearer(ApiRequest request) {
    String auth = request.header(HttpHeaders.AUTHORIZATION);
    return auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7);
  }

  private ValidatedRequest validate(ApiRequest request, Operation operation) {
    ValidatableRequest params = ContractRequests.of(request, operation);
    Map<String, RequestParameter> headers = new HashMap<>();
    Map<String, RequestParameter> path = new HashMap<>();
    Map<String, RequestParameter> query = new HashMap<>();
    for (io.vertx.openapi.contract.Parameter p : operation.getParameters()) {
      switch (p.getIn()) {
        case HEADER -> headers.put(p.getName(), parameter(p, params.getHeaders().get(p.getName())));
        case PATH -> path.put(p.getName(), parameter(p, params.getPathParameters().get(p.getName())));
        case QUERY -> query.put(p.getName(), parameter(p, params.getQuery().get(p.getName())));
        default -> {
        }
      }
    }
    RequestParameter body = null;
    if (operation.getRequestBody() != null) {
      ValidatableRequest forBody = params;
      if (request.body() != null && request.body().length() > 0) {
        String type = mediaType(request.header(HttpHeaders.CONTENT_TYPE));
        List<String> accepted = requestTypes.getOrDefault(operation.getOperationId(), List.of());
        if (type == null || !accepted.contains(type)) {
          throw new ApiProblem(415, "unsupported_media_type", "Send the body as " + String.join(" or ", accepted) + ".");
        }
        forBody = new ValidatableRequestImpl(Map.of(), Map.of(), Map.of(), Map.of(), params.getBody(),
          ContractLoader.forValidator(type));
      }
      try {
        body = validator.validateBody(operation.getRequestBody(), forBody);
      } catch (ValidatorException e) {
        // the library reports a body it cannot decode as an illegal value; a schema mismatch is a subclass
        if (!(e instanceof SchemaValidationException) && e.type() == ValidatorErrorType.ILLEGAL_VALUE) {
          throw new ApiProblem(400, "malformed_json", "The body is not valid JSON.");
        }
        throw e;
      }
    }
    return new ValidatedRequestImpl(Map.of(), headers, path, query, body);
  }

  /**
   * One parameter, in the strict forms of {@link StrictParameters}. A string (simple or form style) is its own
   * value, checked against its schema directly: the library would first try to read it as JSON (accepting
   * {@code "scheduled"} in quotes as {@code scheduled}, and costing a third of the validation of
   * {@code GET /api/questions/{id}} for a UUID, which fails that with an exception, then parses again in quotes).
   * An integer, number or boolean in its plain form, and every other value, takes the library's way.
   */
  private RequestParameter parameter(io.vertx.openapi.contract.Parameter p, RequestParameter raw) {
    if (raw != null && raw.get() instanceof String value && (p.getStyle() == Style.SIMPLE || p.getStyle() == Style.FORM)) {
      if (p.getSchemaType() == SchemaType.STRING) {
        OutputUnit result = schemas.validator(p.getSchema()).validate(value);
        if (result.getValid()) {
          return raw;
        }
        throw StrictParameters.refused(p, result);
      }
      if (!StrictParameters.plain(p.getSchemaType(), value)) {
        throw StrictParameters.notPlain(p);
      }
    }
    return validator.validateParameter(p, raw);
  }

  /** An {@code ETag} for GET answers; 304 when the client has it already. */
  private static ApiResponse conditional(ApiRequest request, ApiResponse response) {
    if (request.method() != HttpMethod.GET || response.status() != 200 || response.stream() != null
      || response.body() == null || response.body().length() == 0) {
      return response;
    }
    String etag = response.headers().get(HttpHeaders.ETAG);
    if (etag == null) {
      etag = ETags.of(response.body());
      response.headers().set(HttpHeaders.ETAG, etag);
    }
    String inm = request.header(HttpHeaders.IF_NONE_MATCH);
    if (inm != null && ETags.matches(inm, etag)) {
      ApiResponse notModified = new ApiResponse(304, io.vertx.core.MultiMap.caseInsensitiveMultiMap(),
        io.vertx.core.buffer.Buffer.buffer());
      notModified.headers().set(HttpHeaders.ETAG, etag);
      String vary = response.headers().get(HttpHeaders.VARY);
      if (vary != null) { // a 304 carries the Vary its 200 would have (RFC 9110 §15.4.5)
        notModified.headers().set(HttpHeaders.VARY, vary);
      }
      return notModified;
    }
    return response;
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  private ApiProblem unmatched(ApiRequest request) {
    if (contract.findPath(request.path()) == null) {
      return ApiProblem.notFound("No API operation at " + request.path() + ".");
    }
    return new ApiProblem(405, "method_not_allowed", request.method().name() + " is not allowed here; use "
      + allowed(request) + ".");
  }

  /** The methods the contract has for the request's path ({@code Allow} of a 405, RFC 9110). */
  private String allowed(ApiRequest request) {
    Path path = contract.findPath(request.path());
    Set<String> allowed = new TreeSet<>();
    for (Operation op : contract.operations()) {
      if (path != null && op.getOpenAPIPath().equals(path.getName())) {
        allowed.add(op.getHttpMethod().name());
        if (op.getHttpMethod() == HttpMethod.GET) {
          allowed.add(HttpMethod.HEAD.name());
        }
      }
    }
    return String.join(", ", allowed);
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

  private ApiResponse problem(Operation operation, Throwable failure) {
    if (Rows.unavailable(failure)) {
      if (databaseDown.compareAndSet(false, true)) { // once per outage, not once per request
        log.warn("database unavailable: requests that need it answer 503 (" + failure.getMessage() + ")");
      }
      return ApiResponse.problem(new ApiProblem(503, "database_unavailable",
        "The database cannot be reached; try again shortly.")).header(HttpHeaders.RETRY_AFTER, "5");
    }
    return ApiResponse.problem(toProblem(operation, failure));
  }

  private static ApiProblem toProblem(Operation operation, Throwable failure) {
    if (failure instanceof ApiProblem p) {
      return p;
    }
    if (failure instanceof ValidatorException v) {
      return invalid(v);
    }
    if (failure instanceof io.vertx.core.json.DecodeException) {
      return new ApiProblem(400, "malformed_json", "The body is not valid JSON.");
    }
    String state = Rows.sqlState(failure);
    if ("22021".equals(state) || "22P05".equals(state)) { // PostgreSQL text cannot hold U+0000
      return new ApiProblem(400, "validation_failed", "Text must not contain the NUL character (\\u0000).");
    }
    log.error("operation " + operation.getOperationId() + " failed", failure);
    return new ApiProblem(500, "internal_error", "The server failed to answer; the error was logged.");
  }

  /** Methods that never change state (for caches and retries). */
  public static boolean isSafe(HttpMethod method) {
    return method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
  }
}
