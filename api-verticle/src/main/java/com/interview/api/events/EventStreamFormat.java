package com.interview.api.events;

import io.vertx.core.buffer.Buffer;

import java.util.regex.Pattern;

/**
 * The text of a Server-Sent Events stream (WHATWG HTML, "Server-sent events"): fields {@code name: value}, one
 * per line, an empty line ending each event; a line starting with {@code :} is a comment clients ignore (used as a
 * keep-alive). Data containing line breaks is split over several {@code data:} lines, so a value can never end
 * an event early or smuggle in a field of its own.
 */
public final class EventStreamFormat {

  private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");

  private EventStreamFormat() {
  }

  /** {@code retry: <ms>}: how long a client waits before reconnecting. */
  public static Buffer retry(long millis) {
    return Buffer.buffer("retry: " + millis + "\n\n");
  }

  /** One event: {@code event}, {@code id} and {@code data} lines, then an empty line. */
  public static Buffer event(String name, long id, String data) {
    StringBuilder out = new StringBuilder(data.length() + 48)
      .append("event: ").append(oneLine(name)).append('\n')
      .append("id: ").append(id).append('\n');
    for (String line : LINE_BREAK.split(data, -1)) {
      out.append("data: ").append(line).append('\n');
    }
    return Buffer.buffer(out.append('\n').toString());
  }

  /** A comment line ({@code : text}), which clients ignore. */
  public static Buffer comment(String text) {
    return Buffer.buffer(": " + oneLine(text) + "\n\n");
  }

  private static String oneLine(String s) {
    return LINE_BREAK.matcher(s).replaceAll(" ");
  }
}
