package com.interview.app.config;

import java.time.Duration;

/**
 * Hazelcast's Kubernetes discovery ({@code cluster.kubernetes}), used when {@code cluster.discovery} is
 * {@code kubernetes}. Two modes, never both: a DNS lookup of a headless service ({@code serviceDns}: no access to the
 * Kubernetes API needed), or the Kubernetes API ({@code serviceName}, {@code serviceLabel} or {@code podLabel}, in
 * {@code namespace}: needs a Role allowing get/list on endpoints and pods).
 *
 * @param serviceDns        DNS name of the headless service whose addresses are the members; empty = API mode
 * @param serviceDnsTimeout how long one DNS lookup may take
 * @param namespace         API mode: the members' namespace; empty = the pod's own namespace
 * @param serviceName       API mode: the service whose endpoints are the members; empty = not by name
 * @param serviceLabel      API mode: {@code name=value} of the services whose endpoints are the members; empty = none
 * @param podLabel          API mode: {@code name=value} of the member pods; empty = none
 * @param resolveNotReady   also take addresses of pods that are not ready (a cluster forms before readiness)
 * @param apiRetries        API mode: retries of a failed call to the Kubernetes API
 */
public record KubernetesDiscoveryConfig(String serviceDns, Duration serviceDnsTimeout, String namespace,
                                        String serviceName, String serviceLabel, String podLabel,
                                        boolean resolveNotReady, int apiRetries) {

  /** Defaults of conf/app.yaml: nothing chosen yet (only valid while discovery is {@code tcp}). */
  public static final KubernetesDiscoveryConfig NONE =
    new KubernetesDiscoveryConfig("", Duration.ofSeconds(5), "", "", "", "", true, 3);

  /** True when members are found by a DNS lookup of {@link #serviceDns()}, false for the Kubernetes API. */
  public boolean dnsLookup() {
    return !serviceDns.isEmpty();
  }
}
