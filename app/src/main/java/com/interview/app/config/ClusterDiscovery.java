package com.interview.app.config;

/** How a clustered node finds the other members ({@code cluster.discovery}). */
public enum ClusterDiscovery {
  /** Hazelcast TCP-IP join on {@code cluster.members} (the default: loopback, compose files, fixed hosts). */
  TCP,
  /** Hazelcast's built-in Kubernetes discovery: a DNS lookup of a headless service, or the Kubernetes API. */
  KUBERNETES
}
