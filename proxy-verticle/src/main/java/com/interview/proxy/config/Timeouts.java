package com.interview.proxy.config;

import java.time.Duration;

/**
 * Timeouts of one exchange, nginx-style.
 *
 * @param connect      connecting to an upstream server; exceeded → 502 ({@code proxy_connect_timeout})
 * @param read         waiting for the upstream's response head; exceeded → 504 ({@code proxy_read_timeout})
 * @param clientHeader the client sending its request head; exceeded → 408 ({@code client_header_timeout})
 * @param clientBody   the client pausing between two body reads; exceeded → 408 ({@code client_body_timeout})
 */
public record Timeouts(Duration connect, Duration read, Duration clientHeader, Duration clientBody) {
}
