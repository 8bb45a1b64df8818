package com.interview.api.contract;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A request as the API sees it, whatever carried it (its own HTTP port or an event-bus message from a proxy).
 *
 * @param method  HTTP method
 * @param uri     path and query as received ({@code /api/questions?limit=5})
 * @param headers request headers (case-insensitive)
 * @param body    request body, or null
 * @param client  the client's address as the edge resolved it
 */
public record ApiRequest(HttpMethod method, String uri, MultiMap headers, Buffer body, String client) {

  /** The path without the query, still percent-encoded. */
  public String path() {
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }

  /** Query parameters, decoded. */
  public MultiMap query() {
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    int q = uri.indexOf('?');
    if (q < 0) {
      return out;
    }
    QueryStringDecoder decoder = new QueryStringDecoder(uri.substring(q + 1), StandardCharsets.UTF_8, false);
    for (Map.Entry<String, List<String>> e : decoder.parameters().entrySet()) {
      out.add(e.getKey(), e.getValue());
    }
    return out;
  }

  public String header(CharSequence name) {
    return headers.get(name);
  }
}
