package com.interview.api.contract;

import com.interview.api.common.ApiProblem;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A response as the API produces it, before a transport adapter writes it to HTTP or to an event-bus reply.
 *
 * @param status  HTTP status
 * @param headers response headers
 * @param body    response body (empty for none)
 * @param route   the contract path template that answered (a metrics label), or null
 * @param stream  for a streamed answer (Server-Sent Events): what produces the body after the head; else null
 */
public record ApiResponse(int status, MultiMap headers, Buffer body, String route, ResponseStream stream) {

  public ApiResponse(int status, MultiMap headers, Buffer body) {
    this(status, headers, body, null, null);
  }

  /** A streamed answer: the head now, the body from {@code stream}. */
  public static ApiResponse streaming(int status, String contentType, ResponseStream stream) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    headers.set(HttpHeaders.CONTENT_TYPE, contentType);
    return new ApiResponse(status, headers, Buffer.buffer(), null, stream);
  }

  static final String JSON = "application/json";
  static final String PROBLEM_JSON = "application/problem+json";

  public static ApiResponse json(int status, Object json) {
    Buffer body = json instanceof JsonObject o ? o.toBuffer() : json instanceof JsonArray a ? a.toBuffer()
      : Buffer.buffer(String.valueOf(json));
    return of(status, JSON, body);
  }

  public static ApiResponse of(int status, String contentType, Buffer body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    headers.set(HttpHeaders.CONTENT_TYPE, contentType);
    return new ApiResponse(status, headers, body);
  }

  public static ApiResponse noContent() {
    return new ApiResponse(204, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer());
  }

  /** The RFC 9457 body of {@code problem}. */
  public static ApiResponse problem(ApiProblem problem) {
    JsonObject json = problem.extensions().copy()
      .put("type", "urn:interview:problem:" + problem.code())
      .put("title", io.netty.handler.codec.http.HttpResponseStatus.valueOf(problem.status()).reasonPhrase())
      .put("status", problem.status())
      .put("detail", problem.detail())
      .put("code", problem.code());
    if (problem.errors() != null) {
      json.put("errors", problem.errors());
    }
    return of(problem.status(), PROBLEM_JSON, json.toBuffer());
  }

  /** The same response, labelled with the contract path that produced it. */
  public ApiResponse withRoute(String template) {
    return new ApiResponse(status, headers, body, template, stream);
  }

  public ApiResponse header(CharSequence name, CharSequence value) {
    headers.set(name, value);
    return this;
  }
}
