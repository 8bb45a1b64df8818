package com.interview.app.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.interview.app.config.ClusterConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;

import java.util.List;

/**
 * The Hazelcast configuration of a node: Vert.x's defaults (its maps and multimaps), the cluster name from
 * {@code cluster.name}, multicast off, TCP-IP join on {@code cluster.members}, fast failure detection (a member silent for {@code maxNoHeartbeat} is removed, so a
 * frozen JVM leaves in seconds, not the default minute), no phone-home.
 */
public final class HazelcastSetup {

  private HazelcastSetup() {
  }

  public static Config config(ClusterConfig cluster) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(cluster.name());
    config.setProperty("hazelcast.heartbeat.interval.seconds", Long.toString(Math.max(1, cluster.heartbeat().toSeconds())));
    config.setProperty("hazelcast.max.no.heartbeat.seconds", Long.toString(Math.max(1, cluster.maxNoHeartbeat().toSeconds())));
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "jdk");
    config.setProperty("hazelcast.tcp.join.port.try.count", "10");
    config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(true).setPortCount(100);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    if (allLoopback(cluster.members())) {
      bindTo(config, "127.0.0.1");
    }
    return config;
  }

  /** Binds the member to {@code host} (from {@code -cluster-host}, or loopback when every member is local). */
  public static void bindTo(Config config, String host) {
    NetworkConfig network = config.getNetworkConfig();
    network.getInterfaces().clear().setEnabled(true).addInterface(host);
    config.setProperty("hazelcast.local.localAddress", host);
    config.setProperty("hazelcast.socket.bind.any", "false");
  }

  static boolean allLoopback(List<String> members) {
    for (String m : members) {
      String host = m.contains(":") && !m.startsWith("[") ? m.substring(0, m.indexOf(':')) : m;
      if (!(host.equals("127.0.0.1") || host.equals("localhost") || host.startsWith("127."))) {
        return false;
      }
    }
    return true;
  }
}
