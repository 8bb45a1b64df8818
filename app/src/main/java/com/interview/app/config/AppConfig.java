package com.interview.app.config;

import com.interview.api.ApiConfig;
import com.interview.proxy.config.ProxyConfig;

/**
 * The whole validated configuration of one JVM: {@code conf/app.yaml} defaults, the {@code -conf} overlay,
 * then environment variables.
 *
 * @param role       what this JVM runs
 * @param production {@code env: production}: weak secrets were refused
 * @param proxy      proxy verticles
 * @param api        API verticles
 * @param management management port
 * @param cluster    Hazelcast membership
 */
public record AppConfig(Role role, boolean production, ProxyConfig proxy, ApiConfig api, ManagementConfig management,
                        ClusterConfig cluster) {

  /** The same configuration with every listening port set to 0 (any free port), for tests. */
  public AppConfig withEphemeralPorts() {
    return new AppConfig(role, production, proxy.withPort(0), api.withPort(0), management.withPort(0), cluster);
  }

  /** The same configuration with {@code n} proxy and {@code n} API verticle instances ({@code -instances N}). */
  public AppConfig withInstances(int n) {
    return new AppConfig(role, production, proxy.withInstances(n), api.withInstances(n), management, cluster);
  }

  public AppConfig withRole(Role newRole) {
    return new AppConfig(newRole, production, proxy, api, management, cluster);
  }

  public AppConfig withApi(ApiConfig newApi) {
    return new AppConfig(role, production, proxy, newApi, management, cluster);
  }

  public AppConfig withProxy(ProxyConfig newProxy) {
    return new AppConfig(role, production, newProxy, api, management, cluster);
  }
}
