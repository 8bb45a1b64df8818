package com.interview.proxy.balance;

import com.interview.proxy.health.HealthCheckConfig;
import com.interview.proxy.transport.RetryPolicy;

import java.util.List;

/**
 * The upstream group of the {@code http} transport (nginx {@code upstream backend { ... }}).
 *
 * @param balance     the strategy
 * @param servers     the servers, at least one
 * @param keepAlive   pooled keep-alive connections per server and event loop
 * @param retry       when to try another server
 * @param healthCheck active checks
 */
public record UpstreamConfig(Balance balance, List<ServerConfig> servers, int keepAlive, RetryPolicy retry,
                             HealthCheckConfig healthCheck) {
  public UpstreamConfig {
    servers = List.copyOf(servers);
  }
}
