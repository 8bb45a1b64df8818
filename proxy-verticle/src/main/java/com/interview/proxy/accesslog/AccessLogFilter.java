package com.interview.proxy.accesslog;

import com.interview.proxy.chain.ProxyExchange;
import com.interview.proxy.chain.ProxyFilter;
import com.interview.proxy.chain.ClientSide;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One line per exchange, when it ends, in nginx's {@code combined} format followed by
 * {@code $upstream_addr $upstream_status $request_time $upstream_response_time $request_id}:
 * <pre>
 * 203.0.113.9 - - [27/Nov/2026:17:45:05 +0000] "GET /api/questions HTTP/1.1" 200 1234 "-" "curl/8.0" 127.0.0.1:3000 200 0.004 0.003 3f2a...
 * </pre>
 * Quotes, backslashes and control characters in client-supplied fields are escaped as nginx does ({@code \x22}).
 * A request the client abandoned before its answer's head was sent is logged 499, as nginx does.
 * It is the first filter of the chain, so its end hook sees the final status of every exchange.
 */
public final class AccessLogFilter implements ProxyFilter {

  private static final DateTimeFormatter TIME_LOCAL =
    DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

  private final AccessLogWriter writer;
  private final ZoneId zone = ZoneId.systemDefault();

  public AccessLogFilter(AccessLogWriter writer) {
    this.writer = writer;
  }

  @Override
  public void onRequest(ProxyExchange exchange) {
    exchange.proceed();
  }

  @Override
  public void onEnd(ProxyExchange exchange) {
    writer.write(format(exchange, ZonedDateTime.now(zone)));
  }

  String format(ProxyExchange exchange, ZonedDateTime now) {
    ClientSide request = exchange.client();
    long requestNanos = System.nanoTime() - exchange.startNanos();
    StringBuilder b = new StringBuilder(256);
    b.append(exchange.clientAddress()).append(" - ").append(user(request)).append(" [").append(TIME_LOCAL.format(now))
      .append("] \"");
    escape(b, request.method().name() + " " + request.uri() + " " + protocol(request));
    b.append("\" ").append(exchange.loggedStatus()).append(' ').append(request.bytesWritten()).append(" \"");
    escape(b, orDash(request.headers().get("Referer")));
    b.append("\" \"");
    escape(b, orDash(request.headers().get("User-Agent")));
    b.append("\" ").append(orDash(exchange.upstreamAddress())).append(' ')
      .append(exchange.upstreamStatus() == 0 ? "-" : Integer.toString(exchange.upstreamStatus())).append(' ')
      .append(seconds(requestNanos)).append(' ')
      .append(exchange.upstreamNanos() < 0 ? "-" : seconds(exchange.upstreamNanos())).append(' ')
      .append(orDash(exchange.requestId()));
    return b.toString();
  }

  private static String user(ClientSide request) {
    String auth = request.headers().get("Authorization");
    if (auth == null || !auth.regionMatches(true, 0, "Basic ", 0, 6)) {
      return "-";
    }
    try {
      String decoded = new String(java.util.Base64.getDecoder().decode(auth.substring(6).trim()),
        java.nio.charset.StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      StringBuilder b = new StringBuilder();
      escape(b, colon < 0 ? decoded : decoded.substring(0, colon));
      return b.length() == 0 ? "-" : b.toString();
    } catch (IllegalArgumentException e) {
      return "-";
    }
  }

  private static String protocol(ClientSide request) {
    return switch (request.version()) {
      case HTTP_1_0 -> "HTTP/1.0";
      case HTTP_1_1 -> "HTTP/1.1";
      case HTTP_2 -> "HTTP/2.0";
    };
  }

  private static String seconds(long nanos) {
    long ms = nanos / 1_000_000;
    return ms / 1000 + "." + String.format("%03d", ms % 1000);
  }

  private static String orDash(String s) {
    return s == null || s.isEmpty() ? "-" : s;
  }

  /** nginx escaping: {@code "}, {@code \} and bytes outside printable ASCII become {@code \xHH}. */
  static void escape(StringBuilder b, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\' || c < 0x20 || c > 0x7e) {
        byte[] bytes = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (byte x : bytes) {
          b.append("\\x").append(Character.toUpperCase(Character.forDigit((x >> 4) & 0xF, 16)))
            .append(Character.toUpperCase(Character.forDigit(x & 0xF, 16)));
        }
      } else {
        b.append(c);
      }
    }
  }
}
