package com.interview.api.db;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.RedisClusterClient;
import io.vertx.redis.client.impl.types.NumberType;

/**
 * Multi-key commands the API sends that the Redis Cluster client must split by hash slot. vertx-redis-client
 * splits and reduces DEL, MGET and MSET itself; EXISTS — the deny-list check, one call for the access token's
 * {@code auth:deny:<jti>} and its family's {@code auth:revoked:<family>}, two slots — it refuses with CROSSSLOT
 * unless a reducer is registered (its extension point, JVM-wide). The sum of the per-slot counts is EXISTS's answer.
 */
final class ClusterCommands {

  private static volatile boolean installed;

  private ClusterCommands() {
  }

  /** Registers the reducers once per JVM. */
  static void install() {
    if (installed) {
      return;
    }
    synchronized (ClusterCommands.class) {
      if (!installed) {
        RedisClusterClient.addReducer(Command.EXISTS, replies -> NumberType.create(replies.stream()
          .mapToLong(Response::toLong).sum()));
        installed = true;
      }
    }
  }
}
