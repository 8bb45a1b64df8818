package com.interview.api.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * The JVM's PostgreSQL pool and Redis client, shared by every API verticle instance (and by health checks).
 * Pool connections are spread over the event loops; statements are prepared once per connection and cached.
 */
public final class DataStores {

  private final Pool pool;
  private final Redis redisClient;
  private final RedisAPI redis;
  private final PgConnectOptions connectOptions;

  private DataStores(Pool pool, Redis redisClient, PgConnectOptions connectOptions) {
    this.pool = pool;
    this.redisClient = redisClient;
    this.redis = RedisAPI.api(redisClient);
    this.connectOptions = connectOptions;
  }

  public static DataStores create(Vertx vertx, DatabaseConfig database, RedisConfig redisConfig) {
    PgConnectOptions connect = PgConnectOptions.fromUri(database.url())
      .setCachePreparedStatements(true)
      .setPipeliningLimit(256)
      .setReconnectAttempts(0);
    PoolOptions poolOptions = new PoolOptions()
      .setMaxSize(database.poolSize())
      .setMaxWaitQueueSize(database.poolSize() * 64)
      .setConnectionTimeout(5)
      .setEventLoopSize(Math.min(database.poolSize(), VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE))
      .setName("interview-pg");
    Pool pool = PgBuilder.pool().with(poolOptions).connectingTo(connect).using(vertx).build();
    Redis redis = Redis.createClient(vertx, redisConfig.options()
      .setMaxPoolWaiting(redisConfig.poolSize() * 64)
      .setPoolName("interview-redis"));
    return new DataStores(pool, redis, connect);
  }

  public Pool pool() {
    return pool;
  }

  public RedisAPI redis() {
    return redis;
  }

  public PgConnectOptions connectOptions() {
    return connectOptions;
  }

  /** Completes when PostgreSQL answers a trivial query. */
  public Future<Void> pingDatabase() {
    return pool.query("SELECT 1").execute().mapEmpty();
  }

  /** Completes when Redis answers PING. */
  public Future<Void> pingRedis() {
    return redis.ping(java.util.List.of()).mapEmpty();
  }

  public Future<Void> close() {
    redisClient.close();
    return pool.close();
  }
}
