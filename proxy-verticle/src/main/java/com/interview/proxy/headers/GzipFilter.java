package com.interview.proxy.headers;

import com.interview.proxy.chain.ProxyExchange;
import com.interview.proxy.chain.ProxyFilter;
import com.interview.proxy.config.GzipConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.MultiMap;

import java.util.Locale;
import java.util.Set;

/**
 * nginx {@code gzip_types}: the server compresses (level, {@code minLength}, only for clients that accept it —
 * Vert.x's compressor does that, and never re-encodes a body that already has a {@code Content-Encoding}); this
 * filter excludes responses whose content type is not listed, by marking them {@code identity} (Vert.x then sends
 * them as they are and drops the marker). {@code text/event-stream} is never compressed, whatever the configured
 * types say: a compressor holds bytes back until its block fills, and an event must reach the client when sent.
 */
public final class GzipFilter implements ProxyFilter {

  private static final CharSequence IDENTITY = HttpHeaders.createOptimized("identity");
  static final String EVENT_STREAM = "text/event-stream";

  private final Set<String> types;

  public GzipFilter(GzipConfig config) {
    this.types = Set.copyOf(config.types());
  }

  @Override
  public void onRequest(ProxyExchange exchange) {
    exchange.proceed();
  }

  @Override
  public void onResponse(ProxyExchange exchange) {
    MultiMap headers = exchange.responseHeaders();
    if (headers.contains(HttpHeaders.CONTENT_ENCODING) || !hasContent(exchange, exchange.statusCode())) {
      return;
    }
    String type = headers.get(HttpHeaders.CONTENT_TYPE);
    String media = type == null ? null : mediaType(type);
    if (media == null || !types.contains(media) || media.equals(EVENT_STREAM)) {
      headers.set(HttpHeaders.CONTENT_ENCODING, IDENTITY);
    }
  }

  /**
   * Whether the answer carries content (RFC 9110 §6.4.1). Without any, Netty's compressor passes the head through as
   * it is, so a marker set here would reach the client as {@code Content-Encoding: identity}.
   */
  private static boolean hasContent(ProxyExchange exchange, int status) {
    return status >= 200 && status != 204 && status != 304 && exchange.method() != HttpMethod.HEAD;
  }

  /** {@code Application/JSON; charset=utf-8} → {@code application/json}. */
  static String mediaType(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }
}
