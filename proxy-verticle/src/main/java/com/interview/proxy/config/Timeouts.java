package com.interview.proxy.config;

import java.time.Duration;

/**
 * Timeouts of one exchange, nginx-style, and the slow-client bounds (HAProxy's {@code timeout http-request} idea,
 * Apache's {@code mod_reqtimeout} {@code MinRate}).
 *
 * @param connect      connecting to an upstream server; exceeded → 502 ({@code proxy_connect_timeout})
 * @param read         waiting for the upstream's response head; exceeded → 504 ({@code proxy_read_timeout})
 * @param clientHeader the client sending its whole request head, from the connection's start or the first byte of
 *                     the head (not reset by each line); exceeded → 408 ({@code client_header_timeout})
 * @param clientBody   the client pausing between two body reads; exceeded → 408 ({@code client_body_timeout})
 * @param send         the client taking nothing of its answer; exceeded → the connection is cut ({@code send_timeout})
 * @param minBodyRate  bytes per second a body must average after its first {@code clientBody}: the body must be
 *                     complete by {@code clientBody + received / minBodyRate}; exceeded → 408. 0: no minimum
 */
public record Timeouts(Duration connect, Duration read, Duration clientHeader, Duration clientBody, Duration send,
                       long minBodyRate) {

  /** nginx's {@code send_timeout} default. */
  public static final Duration DEFAULT_SEND = Duration.ofSeconds(60);
  /** The default minimum body rate, 1 KiB/s (a dial-up upload passes; one byte every few seconds does not). */
  public static final long DEFAULT_MIN_BODY_RATE = 1024;

  /** Connect, read and client timeouts with the default send timeout and minimum body rate. */
  public Timeouts(Duration connect, Duration read, Duration clientHeader, Duration clientBody) {
    this(connect, read, clientHeader, clientBody, DEFAULT_SEND, DEFAULT_MIN_BODY_RATE);
  }
}
