package com.interview.proxy.connlimit;

/**
 * Concurrent client connections allowed, counted across every proxy instance of the JVM.
 *
 * @param perIp  per client address (nginx {@code limit_conn perip N})
 * @param max    in all
 * @param status status of the answer sent before an excess connection is closed
 */
public record ConnectionLimits(int perIp, int max, int status) {
}
