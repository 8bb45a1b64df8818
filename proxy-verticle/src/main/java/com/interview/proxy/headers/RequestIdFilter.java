package com.interview.proxy.headers;

import com.interview.proxy.chain.ProxyExchange;
import com.interview.proxy.chain.ProxyFilter;
import io.vertx.core.http.HttpHeaders;

import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code X-Request-Id}: kept when the client sent a sane one (1..128 of {@code [A-Za-z0-9._-]}), generated
 * otherwise; forwarded upstream and echoed on the response.
 */
public final class RequestIdFilter implements ProxyFilter {

  public static final CharSequence HEADER = HttpHeaders.createOptimized("X-Request-Id");
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  @Override
  public void onRequest(ProxyExchange exchange) {
    String id = exchange.requestHeaders().get(HEADER);
    if (id == null || !isSane(id)) {
      id = newId();
      exchange.requestHeaders().set(HEADER, id);
    }
    exchange.requestId(id);
    exchange.proceed();
  }

  @Override
  public void onResponse(ProxyExchange exchange) {
    exchange.responseHeaders().set(HEADER, exchange.requestId());
  }

  static boolean isSane(String id) {
    int n = id.length();
    if (n == 0 || n > 128) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** 128 random bits as 32 hex digits. */
  static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] out = new char[32];
    long a = random.nextLong();
    long b = random.nextLong();
    for (int i = 0; i < 16; i++) {
      out[i] = HEX[(int) (a >>> (60 - 4 * i)) & 0xF];
      out[16 + i] = HEX[(int) (b >>> (60 - 4 * i)) & 0xF];
    }
    return new String(out);
  }
}
