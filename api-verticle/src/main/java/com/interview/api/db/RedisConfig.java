package com.interview.api.db;

/**
 * Redis connection.
 *
 * @param url      {@code redis://[:password@]host:port[/db]}
 * @param poolSize connections per JVM
 */
public record RedisConfig(String url, int poolSize) {
}
