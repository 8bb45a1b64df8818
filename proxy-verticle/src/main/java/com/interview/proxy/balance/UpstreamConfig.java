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
 * @param engine      what carries plain HTTP/1.x requests without a body to the servers
 */
public record UpstreamConfig(Balance balance, List<ServerConfig> servers, int keepAlive, RetryPolicy retry,
                             HealthCheckConfig healthCheck, Engine engine) {

  /** What forwards requests on the {@code http} transport. */
  public enum Engine {
    /** Vert.x's HTTP server and client, for every request. */
    VERTX,
    /** The lean path on Netty's messages for plain HTTP/1.x requests without a body; Vert.x's for the rest. */
    LEAN
  }

  public UpstreamConfig {
    servers = List.copyOf(servers);
  }

  /** A group on the default engine. */
  public UpstreamConfig(Balance balance, List<ServerConfig> servers, int keepAlive, RetryPolicy retry,
                        HealthCheckConfig healthCheck) {
    this(balance, servers, keepAlive, retry, healthCheck, Engine.LEAN);
  }

  /** A copy on another engine. */
  public UpstreamConfig withEngine(Engine other) {
    return new UpstreamConfig(balance, servers, keepAlive, retry, healthCheck, other);
  }
}
