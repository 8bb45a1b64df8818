package com.interview.app.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.KubernetesConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.interview.app.config.AppConfig;
import com.interview.app.config.ClusterDiscovery;
import com.interview.app.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Hazelcast configuration each {@code cluster.discovery} produces: {@code tcp} exactly as before (TCP-IP join on
 * the members, port range, loopback binding), {@code kubernetes} with Hazelcast's own Kubernetes discovery in its
 * DNS mode or its API mode, and the DNS mode forming a real two-member cluster (two loopback addresses, one name).
 */
class HazelcastSetupTest {

  private static Config config(String overlay, Map<String, String> env) {
    AppConfig c = ConfigLoader.load(overlay, env);
    return HazelcastSetup.config(c.cluster());
  }

  @Test
  void tcpIsTheDefaultAndStaysTcpIpJoinOnTheMembers() {
    Config config = config(null, Map.of());
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1");
    assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(5701);
    assertThat(config.getNetworkConfig().isPortAutoIncrement()).isTrue();
    assertThat(config.getNetworkConfig().getPortCount()).isEqualTo(100);
    assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    assertThat(config.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("5");

    Config remote = config(null, Map.of("CLUSTER_MEMBERS", "10.0.0.5,10.0.0.6:5702"));
    assertThat(remote.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).containsExactly("10.0.0.5", "10.0.0.6:5702");
    assertThat(remote.getNetworkConfig().getInterfaces().isEnabled()).isFalse();
  }

  @Test
  void kubernetesDnsModeLooksUpTheHeadlessService() {
    Config config = config("{\"cluster\":{\"discovery\":\"kubernetes\",\"kubernetes\":{\"serviceDns\":"
      + "\"interview-cluster.interview.svc.cluster.local\",\"serviceDnsTimeout\":\"10s\"}}}", Map.of());
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    KubernetesConfig k = join.getKubernetesConfig();
    assertThat(k.isEnabled()).isTrue();
    assertThat(k.getProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
      "service-dns", "interview-cluster.interview.svc.cluster.local", "service-dns-timeout", "10",
      "service-port", "5701", "resolve-not-ready-addresses", "true"));
    assertThat(config.getNetworkConfig().isPortAutoIncrement()).isFalse();
    assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isFalse(); // -cluster-host binds it (the pod IP)

    Config fromEnv = config(null, Map.of("CLUSTER_DISCOVERY", "kubernetes", "CLUSTER_SERVICE_DNS", "interview-cluster"));
    assertThat(fromEnv.getNetworkConfig().getJoin().getKubernetesConfig().getProperty("service-dns")).isEqualTo("interview-cluster");
  }

  @Test
  void kubernetesApiModeAsksTheApiForTheServiceOrLabels() {
    Config byName = config("{\"cluster\":{\"discovery\":\"kubernetes\",\"port\":5801,\"kubernetes\":{\"namespace\":\"interview\","
      + "\"serviceName\":\"interview-cluster\",\"podLabel\":\"app.kubernetes.io/part-of=interview\",\"resolveNotReady\":false,"
      + "\"apiRetries\":5}}}", Map.of());
    assertThat(byName.getNetworkConfig().getJoin().getKubernetesConfig().getProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
      "namespace", "interview", "service-name", "interview-cluster", "pod-label-name", "app.kubernetes.io/part-of",
      "pod-label-value", "interview", "service-port", "5801", "resolve-not-ready-addresses", "false",
      "kubernetes-api-retries", "5"));
    assertThat(byName.getNetworkConfig().getPort()).isEqualTo(5801);

    Config byLabel = config("{\"cluster\":{\"discovery\":\"kubernetes\",\"kubernetes\":{\"serviceLabel\":\"cluster=interview\"}}}", Map.of());
    Config fromEnv = config(null, Map.of("CLUSTER_DISCOVERY", "kubernetes", "CLUSTER_SERVICE_NAME", "interview-cluster"));
    assertThat(fromEnv.getNetworkConfig().getJoin().getKubernetesConfig().getProperty("service-name")).isEqualTo("interview-cluster");
    assertThat(byLabel.getNetworkConfig().getJoin().getKubernetesConfig().getProperties())
      .containsEntry("service-label-name", "cluster").containsEntry("service-label-value", "interview")
      .doesNotContainKeys("namespace", "service-name", "service-dns"); // the pod's own namespace
  }

  @Test
  void theDnsModeFormsARealClusterFromOneName() throws IOException {
    // "localhost" resolves to 127.0.0.1: a member bound there is found by one bound to 127.0.0.2 (same port, like pods)
    assertThat(InetAddress.getByName("localhost").getHostAddress()).isEqualTo("127.0.0.1");
    int port = freePortOnBoth();
    String overlay = "{\"cluster\":{\"name\":\"k8s-dns-test-" + port + "\",\"discovery\":\"kubernetes\",\"port\":" + port
      + ",\"kubernetes\":{\"serviceDns\":\"localhost\"}}}";
    Config first = config(overlay, Map.of());
    HazelcastSetup.bindTo(first, "127.0.0.1");
    Config second = config(overlay, Map.of());
    HazelcastSetup.bindTo(second, "127.0.0.2");
    HazelcastInstance a = Hazelcast.newHazelcastInstance(first);
    try {
      HazelcastInstance b = Hazelcast.newHazelcastInstance(second);
      try {
        assertThat(a.getCluster().getMembers()).hasSize(2);
        assertThat(b.getCluster().getMembers()).hasSize(2);
        assertThat(b.getCluster().getMembers()).extracting(m -> m.getAddress().getHost())
          .containsExactlyInAnyOrder("127.0.0.1", "127.0.0.2");
      } finally {
        b.shutdown();
      }
    } finally {
      a.shutdown();
    }
  }

  @Test
  void theDiscoveryIsOneOfTwo() {
    assertThat(ConfigLoader.load(null, Map.of()).cluster().discovery()).isEqualTo(ClusterDiscovery.TCP);
  }

  private static int freePortOnBoth() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port;
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress("127.0.0.1", 0));
        port = s.getLocalPort();
      }
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress("127.0.0.2", port));
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no port free on both 127.0.0.1 and 127.0.0.2");
  }
}
