package com.interview.proxy.health;

import java.time.Duration;

/**
 * Active health checks of upstream servers.
 *
 * @param enabled  run checks at all
 * @param path     path requested with GET on each server
 * @param interval time between two checks of one server
 * @param timeout  a check slower than this fails
 * @param rise     consecutive successes that bring a server up
 * @param fall     consecutive failures that take a server down
 */
public record HealthCheckConfig(boolean enabled, String path, Duration interval, Duration timeout, int rise, int fall) {
}
