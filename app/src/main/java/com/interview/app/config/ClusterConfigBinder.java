package com.interview.app.config;

import java.util.Locale;

/**
 * Binds {@code cluster}: name, TCP-IP members, port, heartbeats, and the discovery ({@code tcp} |
 * {@code kubernetes}) with {@code cluster.kubernetes}. The Kubernetes settings are checked whatever the discovery
 * (a typo must not wait for the day discovery is switched on); that one mode is chosen is checked when it is on.
 */
final class ClusterConfigBinder {

  /** A DNS name (RFC 1123 labels, dots between them), as Kubernetes service names are. */
  private static final String DNS_NAME = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*";
  /** A Kubernetes label {@code name=value} (name optionally prefixed {@code domain/}). */
  private static final String LABEL = "([a-z0-9.-]{1,253}/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?"
    + "=([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?";

  private ClusterConfigBinder() {
  }

  static ClusterConfig bind(ConfigNode c) {
    String clusterName = c.string("name");
    if (!clusterName.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new ConfigException(c.key("name"), clusterName, "1..64 letters, digits, '.', '_' or '-'");
    }
    ClusterDiscovery discovery = ClusterDiscovery.valueOf(c.oneOf("discovery", "tcp", "kubernetes").toUpperCase(Locale.ROOT));
    KubernetesDiscoveryConfig kubernetes = kubernetes(c.node("kubernetes"), discovery);
    ClusterConfig cluster = new ClusterConfig(clusterName, c.strings("members"), c.integer("port", 1, 65535),
      c.positiveDuration("heartbeat"), c.positiveDuration("maxNoHeartbeat"), discovery, kubernetes);
    if (cluster.members().isEmpty() && discovery == ClusterDiscovery.TCP) {
      throw new ConfigException(c.key("members"), "[]", "at least one host or host:port");
    }
    c.done();
    return cluster;
  }

  private static KubernetesDiscoveryConfig kubernetes(ConfigNode k, ClusterDiscovery discovery) {
    KubernetesDiscoveryConfig d = KubernetesDiscoveryConfig.NONE;
    String serviceDns = k.string("serviceDns", d.serviceDns()).trim().toLowerCase(Locale.ROOT);
    if (serviceDns.endsWith(".")) {
      serviceDns = serviceDns.substring(0, serviceDns.length() - 1);
    }
    if (!serviceDns.isEmpty() && (serviceDns.length() > 253 || !serviceDns.matches(DNS_NAME))) {
      throw new ConfigException(k.key("serviceDns"), k.string("serviceDns"),
        "a DNS name such as interview-cluster or interview-cluster.interview.svc.cluster.local");
    }
    var timeout = k.duration("serviceDnsTimeout", d.serviceDnsTimeout());
    if (timeout.toSeconds() < 1) {
      throw new ConfigException(k.key("serviceDnsTimeout"), k.string("serviceDnsTimeout"), "a duration of 1s or more");
    }
    String namespace = name(k, "namespace", d.namespace());
    String serviceName = name(k, "serviceName", d.serviceName());
    String serviceLabel = label(k, "serviceLabel", d.serviceLabel());
    String podLabel = label(k, "podLabel", d.podLabel());
    boolean resolveNotReady = k.bool("resolveNotReady", d.resolveNotReady());
    int apiRetries = k.integer("apiRetries", 0, 100, d.apiRetries());
    k.done();

    if (discovery == ClusterDiscovery.KUBERNETES) {
      boolean byApi = !serviceName.isEmpty() || !serviceLabel.isEmpty() || !podLabel.isEmpty();
      if (serviceDns.isEmpty() && !byApi) {
        throw new ConfigException(k.key("serviceDns"), "",
          "the headless service's DNS name, or serviceName, serviceLabel or podLabel for the Kubernetes API,"
            + " with cluster.discovery kubernetes");
      }
      if (!serviceDns.isEmpty() && byApi) {
        String other = !serviceName.isEmpty() ? "serviceName" : !serviceLabel.isEmpty() ? "serviceLabel" : "podLabel";
        throw new ConfigException(k.key(other), k.string(other),
          "empty while serviceDns is set (members come from the DNS lookup or from the Kubernetes API, not both)");
      }
      if (!serviceName.isEmpty() && !serviceLabel.isEmpty()) {
        throw new ConfigException(k.key("serviceLabel"), serviceLabel, "empty while serviceName is set (one or the other)");
      }
    }
    return new KubernetesDiscoveryConfig(serviceDns, timeout, namespace, serviceName, serviceLabel, podLabel,
      resolveNotReady, apiRetries);
  }

  private static String name(ConfigNode k, String key, String fallback) {
    String v = k.string(key, fallback).trim();
    if (!v.isEmpty() && (v.length() > 63 || !v.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"))) {
      throw new ConfigException(k.key(key), k.string(key), "a Kubernetes name: 1..63 lower-case letters, digits or '-'");
    }
    return v;
  }

  private static String label(ConfigNode k, String key, String fallback) {
    String v = k.string(key, fallback).trim();
    if (!v.isEmpty() && !v.matches(LABEL)) {
      throw new ConfigException(k.key(key), k.string(key), "a label as name=value, such as app.kubernetes.io/name=interview");
    }
    return v;
  }
}
