package com.interview.proxy.chain;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * Why the proxy answers instead of the upstream: a status, a stable code and a sentence. Mapped once to an
 * {@code application/problem+json} body (RFC 9457) by {@link ProxyExchange#fail}.
 *
 * @param status HTTP status sent to the client
 * @param code   stable machine-readable code, e.g. {@code rate_limited}
 * @param detail one sentence for people
 */
public record ProxyFailure(int status, String code, String detail) {

  public static ProxyFailure notFound() {
    return new ProxyFailure(404, "not_found", "No route matches this path.");
  }

  public static ProxyFailure badGateway(String detail) {
    return new ProxyFailure(502, "bad_gateway", detail);
  }

  public static ProxyFailure gatewayTimeout(String detail) {
    return new ProxyFailure(504, "gateway_timeout", detail);
  }

  public static ProxyFailure badRequest(String code, String detail) {
    return new ProxyFailure(400, code, detail);
  }

  /** The problem+json body; {@code instance} is the request id so a client's report finds the log line. */
  public Buffer body(String requestId) {
    return new JsonObject()
      .put("type", "urn:interview:problem:" + code)
      .put("title", Titles.of(status))
      .put("status", status)
      .put("detail", detail)
      .put("code", code)
      .put("instance", "urn:request:" + requestId)
      .toBuffer();
  }

  /** Reason phrases for the statuses the proxy produces itself. */
  static final class Titles {
    private Titles() {
    }

    static String of(int status) {
      return io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase();
    }
  }
}
