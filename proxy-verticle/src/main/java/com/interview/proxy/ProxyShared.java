package com.interview.proxy;

import com.interview.proxy.config.ProxyConfig;
import com.interview.proxy.health.PublicHealthEndpoint;
import com.interview.proxy.health.Readiness;
import com.interview.proxy.transport.NodeSelector;

/**
 * What every proxy verticle instance of a JVM shares, as nginx workers share zones: created once by the
 * application, handed to each instance. Everything reachable from here is safe to use from any event loop.
 */
public final class ProxyShared {

  /** How long the public /health verdict is reused. */
  public static final long PUBLIC_HEALTH_CACHE_MS = 1000;

  private final ProxyConfig config;
  private final NodeSelector nodeSelector;
  private final PublicHealthEndpoint health;

  public ProxyShared(ProxyConfig config, NodeSelector nodeSelector, Readiness readiness) {
    this.config = config;
    this.nodeSelector = nodeSelector;
    this.health = new PublicHealthEndpoint(readiness, PUBLIC_HEALTH_CACHE_MS);
  }

  public ProxyConfig config() {
    return config;
  }

  public NodeSelector nodeSelector() {
    return nodeSelector;
  }

  public PublicHealthEndpoint health() {
    return health;
  }
}
