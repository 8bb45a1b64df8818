package com.interview.app.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.KubernetesConfig;
import com.hazelcast.config.NetworkConfig;
import com.interview.app.config.ClusterConfig;
import com.interview.app.config.ClusterDiscovery;
import com.interview.app.config.KubernetesDiscoveryConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;

import java.util.List;

/**
 * The Hazelcast configuration of a node: Vert.x's defaults (its maps and multimaps), the cluster name from
 * {@code cluster.name}, multicast and auto-detection off, one join method — TCP-IP on {@code cluster.members}
 * ({@code cluster.discovery: tcp}) or Hazelcast's built-in Kubernetes discovery ({@code kubernetes}: a DNS lookup of
 * the headless service, or the Kubernetes API) —, fast failure detection (a member silent for {@code maxNoHeartbeat}
 * is removed, so a frozen JVM leaves in seconds, not the default minute), no phone-home.
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
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (cluster.discovery() == ClusterDiscovery.KUBERNETES) {
      // one pod, one address: the member port is fixed, it is the port the others are told to contact
      network.setPort(cluster.port()).setPortAutoIncrement(false);
      join.getTcpIpConfig().setEnabled(false);
      kubernetes(join.getKubernetesConfig(), cluster.kubernetes(), cluster.port());
    } else {
      network.setPort(cluster.port()).setPortAutoIncrement(true).setPortCount(100);
      join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
      if (allLoopback(cluster.members())) {
        bindTo(config, "127.0.0.1");
      }
    }
    return config;
  }

  /** Hazelcast's KubernetesConfig for {@code k}: the DNS mode or the API mode, never both (Hazelcast refuses that). */
  private static void kubernetes(KubernetesConfig config, KubernetesDiscoveryConfig k, int port) {
    config.setEnabled(true);
    config.setProperty("service-port", Integer.toString(port));
    config.setProperty("resolve-not-ready-addresses", Boolean.toString(k.resolveNotReady()));
    if (k.dnsLookup()) {
      config.setProperty("service-dns", k.serviceDns());
      config.setProperty("service-dns-timeout", Long.toString(k.serviceDnsTimeout().toSeconds()));
      return;
    }
    config.setProperty("kubernetes-api-retries", Integer.toString(k.apiRetries()));
    if (!k.namespace().isEmpty()) {
      config.setProperty("namespace", k.namespace());
    }
    if (!k.serviceName().isEmpty()) {
      config.setProperty("service-name", k.serviceName());
    }
    if (!k.serviceLabel().isEmpty()) {
      config.setProperty("service-label-name", k.serviceLabel().substring(0, k.serviceLabel().indexOf('=')));
      config.setProperty("service-label-value", k.serviceLabel().substring(k.serviceLabel().indexOf('=') + 1));
    }
    if (!k.podLabel().isEmpty()) {
      config.setProperty("pod-label-name", k.podLabel().substring(0, k.podLabel().indexOf('=')));
      config.setProperty("pod-label-value", k.podLabel().substring(k.podLabel().indexOf('=') + 1));
    }
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
