package com.interview.app.config;

import java.time.Duration;
import java.util.List;

/**
 * Hazelcast membership, used when the JVM starts with {@code -cluster}.
 *
 * @param name           Hazelcast cluster name; only nodes with the same name join
 * @param members        TCP-IP join members, {@code host} or {@code host:port}
 * @param port           first member port (auto-increments when busy)
 * @param heartbeat      heartbeat interval
 * @param maxNoHeartbeat a member silent this long is removed
 */
public record ClusterConfig(String name, List<String> members, int port, Duration heartbeat, Duration maxNoHeartbeat) {
  public ClusterConfig {
    members = List.copyOf(members);
  }
}
