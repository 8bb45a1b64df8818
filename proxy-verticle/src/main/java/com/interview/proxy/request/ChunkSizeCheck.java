package com.interview.proxy.request;

import io.netty.buffer.ByteBuf;

/**
 * Follows a chunked body over the bytes Netty's decoder consumed and checks what it does not: a chunk size is at
 * most {@link Integer#MAX_VALUE} (Netty's parser wraps silently past 32 bits, so {@code 100000005} would be read as
 * a 5-byte chunk — the chunk-size desync of request-smuggling research) and a chunk-size line, extensions
 * included, is at most {@link #MAX_LINE} bytes. Everything else about the framing (CRLF after the data, hex
 * digits, trailers) Netty checks itself; this only keeps in step with it.
 */
final class ChunkSizeCheck {

  /** Longest chunk-size line, extensions included. */
  static final int MAX_LINE = 1024;

  private enum State { SIZE, DATA, DATA_END, TRAILER_START, TRAILER }

  private State state = State.SIZE;
  private long size;
  private int digits;
  private boolean afterDigits;
  private int lineLength;
  private long remaining;
  private int delimiter;

  /** Starts a new body. */
  void reset() {
    state = State.SIZE;
    startLine();
  }

  private void startLine() {
    size = 0;
    digits = 0;
    afterDigits = false;
    lineLength = 0;
  }

  /** Follows {@code buf[from, to)}; returns why the framing is refused, or null. */
  String feed(ByteBuf buf, int from, int to) {
    for (int i = from; i < to; i++) {
      byte b = buf.getByte(i);
      switch (state) {
        case SIZE -> {
          if (++lineLength > MAX_LINE) {
            return "a chunk-size line longer than " + MAX_LINE + " bytes";
          }
          if (b == '\n') {
            state = size == 0 ? State.TRAILER_START : State.DATA;
            remaining = size;
            startLine();
          } else if (!afterDigits) {
            int v = Character.digit(b, 16);
            if (v >= 0) {
              size = size * 16 + v;
              if (++digits > 16 || size > Integer.MAX_VALUE) {
                return "a chunk size over " + Integer.MAX_VALUE + " bytes";
              }
            } else if (digits > 0 || (b != ' ' && b != '\t')) {
              afterDigits = true; // an extension, whitespace or CR: Netty validates them
            }
          }
        }
        case DATA -> {
          long n = Math.min(remaining, to - i);
          remaining -= n;
          i += (int) n - 1;
          if (remaining == 0) {
            state = State.DATA_END;
            delimiter = 0;
          }
        }
        case DATA_END -> {
          if (++delimiter == 2) { // CRLF, checked by Netty
            state = State.SIZE;
          }
        }
        case TRAILER_START -> {
          if (b == '\n') {
            reset(); // end of the body
          } else if (b != '\r') {
            state = State.TRAILER;
          }
        }
        case TRAILER -> {
          if (b == '\n') {
            state = State.TRAILER_START;
          }
        }
      }
    }
    return null;
  }
}
