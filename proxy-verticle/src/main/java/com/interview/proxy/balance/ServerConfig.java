package com.interview.proxy.balance;

import java.time.Duration;

/**
 * One upstream server (nginx {@code server url weight=W max_fails=F fail_timeout=T [backup]}).
 *
 * @param url         {@code http://host:port}
 * @param weight      share of the traffic relative to the other servers
 * @param maxFails    failures within {@code failTimeout} that make the server unavailable; 0 = never
 * @param failTimeout the window for counting failures, and how long the server then stays unavailable
 * @param backup      only used when every primary server is unavailable
 */
public record ServerConfig(String url, int weight, int maxFails, Duration failTimeout, boolean backup) {
}
