package com.interview.api.db;

import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;

import java.util.List;
import java.util.Objects;

/**
 * Where Redis is and how to reach it: one server, a master found through Redis Sentinel, or a Redis Cluster.
 * {@link #options()} is the one place that turns this into client options — the API's data store, the proxy's
 * cluster-wide rate-limit zones and anything else that talks to the same Redis build their clients from it.
 *
 * @param type       how {@code endpoints} are used
 * @param endpoints  {@code redis://[:password@]host:port[/db]} URLs: the server (standalone, exactly one), the
 *                   sentinels (sentinel), seed nodes of the cluster (cluster); never empty
 * @param masterName the master's name at the sentinels (sentinel only, else empty)
 * @param poolSize   connections per JVM
 */
public record RedisConfig(Type type, List<String> endpoints, String masterName, int poolSize) {

  /** How the client finds the server that answers. */
  public enum Type {
    /** One server at {@code endpoints[0]}. */
    STANDALONE,
    /** Ask the sentinels at {@code endpoints} for the current master of {@code masterName}; follow failovers. */
    SENTINEL,
    /** A Redis Cluster; {@code endpoints} are seed nodes, the client learns the slots and follows redirects. */
    CLUSTER
  }

  public RedisConfig {
    Objects.requireNonNull(type, "type");
    endpoints = List.copyOf(endpoints);
    masterName = masterName == null ? "" : masterName;
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("endpoints: [] (expected: at least one redis:// URL)");
    }
    if (type == Type.STANDALONE && endpoints.size() != 1) {
      throw new IllegalArgumentException("endpoints: " + endpoints + " (expected: exactly one URL when type is standalone)");
    }
    if (type == Type.SENTINEL && masterName.isBlank()) {
      throw new IllegalArgumentException("masterName: \"\" (expected: the master's name at the sentinels)");
    }
  }

  /** One standalone server. */
  public RedisConfig(String url, int poolSize) {
    this(Type.STANDALONE, List.of(url), "", poolSize);
  }

  /** The standalone server's URL, or the first endpoint. */
  public String url() {
    return endpoints.get(0);
  }

  /**
   * Fresh client options for this Redis ({@code poolSize} connections; callers name their pool and may resize it).
   * Sentinel: always the master ({@link RedisRole#MASTER}), re-resolved through the sentinels when it changes.
   * Cluster: the multi-key commands the API sends across slots are split per slot ({@link ClusterCommands}).
   */
  public RedisOptions options() {
    RedisOptions options = new RedisOptions().setMaxPoolSize(poolSize);
    endpoints.forEach(options::addConnectionString);
    switch (type) {
      case STANDALONE -> options.setType(RedisClientType.STANDALONE);
      case SENTINEL -> options.setType(RedisClientType.SENTINEL).setMasterName(masterName).setRole(RedisRole.MASTER)
        .setAutoFailover(true);
      case CLUSTER -> {
        ClusterCommands.install();
        options.setType(RedisClientType.CLUSTER);
      }
    }
    return options;
  }
}
