package com.interview.proxy.headers;

import com.interview.proxy.chain.ProxyExchange;
import com.interview.proxy.chain.ProxyFilter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.MultiMap;

import java.util.Map;

/**
 * The configured response headers ({@code proxy.headers}: X-Frame-Options, X-Content-Type-Options, ...) on every
 * response: forwarded, static, and the proxy's own errors. Set, not added: an upstream's value is replaced so a
 * client never sees two different policies. Names and values are encoded once at start. With HSTS on, answers
 * over HTTPS (only those: RFC 6797 §7.2) also carry {@code Strict-Transport-Security}.
 */
public final class SecurityHeadersFilter implements ProxyFilter {

  private final CharSequence[] names;
  private final CharSequence[] values;
  private final CharSequence hsts;
  private static final CharSequence HSTS = HttpHeaders.createOptimized("Strict-Transport-Security");

  public SecurityHeadersFilter(Map<String, String> headers) {
    this(headers, null);
  }

  /** {@code hsts}: the Strict-Transport-Security value for HTTPS answers, or null for none. */
  public SecurityHeadersFilter(Map<String, String> headers, String hsts) {
    this.hsts = hsts == null ? null : HttpHeaders.createOptimized(hsts);
    names = new CharSequence[headers.size()];
    values = new CharSequence[headers.size()];
    int i = 0;
    for (Map.Entry<String, String> e : headers.entrySet()) {
      names[i] = HttpHeaders.createOptimized(e.getKey());
      values[i] = HttpHeaders.createOptimized(e.getValue());
      i++;
    }
  }

  @Override
  public void onRequest(ProxyExchange exchange) {
    exchange.proceed();
  }

  @Override
  public void onResponse(ProxyExchange exchange) {
    MultiMap headers = exchange.responseHeaders();
    for (int i = 0; i < names.length; i++) {
      headers.set(names[i], values[i]);
    }
    if (hsts != null && exchange.isSSL()) {
      headers.set(HSTS, hsts);
    }
  }
}
