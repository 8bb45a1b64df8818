package com.interview.app.config;

import java.time.Duration;
import java.util.List;

/**
 * Hazelcast membership, used when the JVM starts with {@code -cluster}.
 *
 * @param name           Hazelcast cluster name; only nodes with the same name join
 * @param members        TCP-IP join members, {@code host} or {@code host:port} (discovery {@code tcp})
 * @param port           first member port (auto-increments when busy, with discovery {@code tcp})
 * @param heartbeat      heartbeat interval
 * @param maxNoHeartbeat a member silent this long is removed
 * @param discovery      how members are found: {@code tcp} (members) or {@code kubernetes}
 * @param kubernetes     the Kubernetes discovery's settings (used with discovery {@code kubernetes})
 */
public record ClusterConfig(String name, List<String> members, int port, Duration heartbeat, Duration maxNoHeartbeat,
                            ClusterDiscovery discovery, KubernetesDiscoveryConfig kubernetes) {
  public ClusterConfig {
    members = List.copyOf(members);
  }

  /** TCP-IP join on {@code members}, as before discovery could be chosen. */
  public ClusterConfig(String name, List<String> members, int port, Duration heartbeat, Duration maxNoHeartbeat) {
    this(name, members, port, heartbeat, maxNoHeartbeat, ClusterDiscovery.TCP, KubernetesDiscoveryConfig.NONE);
  }
}
