package com.interview.proxy.staticfiles;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * Turns the part of a raw request path after a static prefix into a relative file name, or refuses it. Refused:
 * encoded slashes and backslashes ({@code %2f}, {@code %5c}), backslashes, NUL and other control characters,
 * invalid percent-encoding or UTF-8, and any segment that is empty or starts with a dot ({@code ..}, {@code .},
 * hidden files) — so no spelling of {@code ../} leaves the directory and nothing is listed.
 */
public final class StaticPath {

  private StaticPath() {
  }

  /** The decoded relative path ({@code a/b.png}), or null when {@code raw} must be refused. */
  public static String resolve(String raw) {
    if (raw.isEmpty()) {
      return null;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          return null;
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        int b = hi << 4 | lo;
        if (b == '/' || b == '\\' || b < 0x20 || b == 0x7f) {
          return null;
        }
        bytes.write(b);
        i += 2;
      } else if (c == '\\' || c < 0x20 || c == 0x7f || c > 0x7e) {
        return null;
      } else {
        bytes.write(c);
      }
    }
    String decoded;
    try {
      decoded = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    for (String segment : decoded.split("/", -1)) {
      if (segment.isEmpty() || segment.charAt(0) == '.') {
        return null;
      }
    }
    return decoded;
  }
}
