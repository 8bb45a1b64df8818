package com.interview.api.contract;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a transport-neutral {@link ApiRequest} into the {@link ValidatableRequest} vertx-openapi validates — what
 * its {@code RequestUtils} does for an {@code HttpServerRequest}, so the event bus and the HTTP port share one path.
 */
final class ContractRequests {

  private static final RequestParameter EMPTY = new RequestParameterImpl(null);

  private ContractRequests() {
  }

  static ValidatableRequest of(ApiRequest request, Operation operation) {
    Map<String, RequestParameter> headers = new HashMap<>();
    Map<String, RequestParameter> path = new HashMap<>();
    Map<String, RequestParameter> query = new HashMap<>();
    MultiMap params = null;
    String[] segments = null;
    for (Parameter p : operation.getParameters()) {
      switch (p.getIn()) {
        case HEADER -> headers.put(p.getName(), new RequestParameterImpl(request.header(p.getName())));
        case PATH -> {
          if (segments == null) {
            segments = request.path().substring(1).split("/", -1);
          }
          int segment = segmentOf(operation.getAbsoluteOpenAPIPath(), p.getName());
          path.put(p.getName(), segment <= segments.length ? new RequestParameterImpl(decode(segments[segment - 1])) : EMPTY);
        }
        case QUERY -> {
          if (params == null) {
            params = request.query();
          }
          query.put(p.getName(), queryValue(params, p));
        }
        default -> {
          // cookies are not part of this API
        }
      }
    }
    if (operation.getRequestBody() == null) {
      return new ValidatableRequestImpl(Map.of(), headers, path, query);
    }
    String contentType = request.header(HttpHeaders.CONTENT_TYPE);
    return new ValidatableRequestImpl(Map.of(), headers, path, query,
      new RequestParameterImpl(request.body()), contentType);
  }

  private static RequestParameter queryValue(MultiMap params, Parameter p) {
    List<String> values = params.getAll(p.getName());
    if (values.isEmpty()) {
      return EMPTY;
    }
    return switch (p.getSchemaType()) {
      case ARRAY -> p.isExplode()
        ? new RequestParameterImpl(values.stream().map(v -> p.getName() + "=" + v).collect(Collectors.joining("&")))
        : new RequestParameterImpl(values.get(0));
      default -> new RequestParameterImpl(values.get(0));
    };
  }

  private static int segmentOf(String template, String name) {
    int idx = template.indexOf("{" + name + "}");
    return (int) template.subSequence(0, idx).chars().filter(c -> c == '/').count();
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
