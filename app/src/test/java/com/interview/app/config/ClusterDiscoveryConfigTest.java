package com.interview.app.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code cluster.discovery} and {@code cluster.kubernetes}: defaults, and each bad value's one line (exit code 2). */
class ClusterDiscoveryConfigTest {

  private static ClusterConfig cluster(String overlay) {
    return ConfigLoader.load(overlay, Map.of()).cluster();
  }

  private static void refused(String overlay, String line) {
    assertThatThrownBy(() -> cluster(overlay)).isInstanceOf(ConfigException.class).hasMessage(line);
  }

  @Test
  void defaultsAreTcpWithNothingChosenForKubernetes() {
    ClusterConfig c = cluster(null);
    assertThat(c.discovery()).isEqualTo(ClusterDiscovery.TCP);
    assertThat(c.kubernetes()).isEqualTo(KubernetesDiscoveryConfig.NONE);
    assertThat(c.kubernetes().serviceDnsTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.kubernetes().resolveNotReady()).isTrue();
  }

  @Test
  void kubernetesNeedsExactlyOneWayToFindTheMembers() {
    refused("{\"cluster\":{\"discovery\":\"kubernetes\"}}", "cluster.kubernetes.serviceDns: \"\" (expected: the headless"
      + " service's DNS name, or serviceName, serviceLabel or podLabel for the Kubernetes API, with cluster.discovery kubernetes)");
    refused("{\"cluster\":{\"discovery\":\"kubernetes\",\"kubernetes\":{\"serviceDns\":\"a\",\"serviceName\":\"b\"}}}",
      "cluster.kubernetes.serviceName: \"b\" (expected: empty while serviceDns is set (members come from the DNS lookup"
        + " or from the Kubernetes API, not both))");
    refused("{\"cluster\":{\"discovery\":\"kubernetes\",\"kubernetes\":{\"serviceName\":\"b\",\"serviceLabel\":\"x=y\"}}}",
      "cluster.kubernetes.serviceLabel: \"x=y\" (expected: empty while serviceName is set (one or the other))");
    // with discovery tcp nothing is required, and members may not be empty
    assertThat(cluster("{\"cluster\":{\"kubernetes\":{\"serviceDns\":\"a\",\"serviceName\":\"b\"}}}").discovery())
      .isEqualTo(ClusterDiscovery.TCP);
    refused("{\"cluster\":{\"members\":[]}}", "cluster.members: \"[]\" (expected: at least one host or host:port)");
    assertThat(cluster("{\"cluster\":{\"discovery\":\"kubernetes\",\"members\":[],\"kubernetes\":{\"serviceDns\":\"a\"}}}")
      .members()).isEmpty();
  }

  @Test
  void everyBadValueNamesItsKey() {
    refused("{\"cluster\":{\"discovery\":\"consul\"}}", "cluster.discovery: \"consul\" (expected: tcp | kubernetes)");
    refused("{\"cluster\":{\"kubernetes\":{\"serviceDns\":\"Bad_Name..svc\"}}}", "cluster.kubernetes.serviceDns: \"Bad_Name..svc\""
      + " (expected: a DNS name such as interview-cluster or interview-cluster.interview.svc.cluster.local)");
    refused("{\"cluster\":{\"kubernetes\":{\"serviceDnsTimeout\":\"500ms\"}}}",
      "cluster.kubernetes.serviceDnsTimeout: \"500ms\" (expected: a duration of 1s or more)");
    refused("{\"cluster\":{\"kubernetes\":{\"namespace\":\"Interview\"}}}",
      "cluster.kubernetes.namespace: \"Interview\" (expected: a Kubernetes name: 1..63 lower-case letters, digits or '-')");
    refused("{\"cluster\":{\"kubernetes\":{\"podLabel\":\"interview\"}}}", "cluster.kubernetes.podLabel: \"interview\""
      + " (expected: a label as name=value, such as app.kubernetes.io/name=interview)");
    refused("{\"cluster\":{\"kubernetes\":{\"apiRetries\":-1}}}", "cluster.kubernetes.apiRetries: -1 (expected: an integer 0..100)");
    refused("{\"cluster\":{\"kubernetes\":{\"resolveNotReady\":\"maybe\"}}}",
      "cluster.kubernetes.resolveNotReady: \"maybe\" (expected: true or false)");
    assertThatThrownBy(() -> cluster("{\"cluster\":{\"kubernetes\":{\"serviceDNS\":\"a\"}}}"))
      .hasMessageStartingWith("cluster.kubernetes.serviceDNS: \"a\" (expected: no such key; known here: serviceDns,");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CLUSTER_DISCOVERY", "dns")))
      .hasMessage("cluster.discovery: \"dns\" (expected: tcp | kubernetes)");
  }

  @Test
  void aTrailingDotAndUpperCaseDnsNamesAreNormalised() {
    assertThat(cluster("{\"cluster\":{\"kubernetes\":{\"serviceDns\":\"Interview-Cluster.interview.svc.cluster.local.\"}}}")
      .kubernetes().serviceDns()).isEqualTo("interview-cluster.interview.svc.cluster.local");
  }
}
