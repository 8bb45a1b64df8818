package com.interview.api.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

import java.util.concurrent.TimeUnit;

/**
 * The JVM's PostgreSQL pool and Redis client, shared by every API verticle instance (and by health checks).
 * Pool connections are spread over the event loops; statements are prepared once per connection and cached.
 */
public final class DataStores {

  private final Pool pool;
  private final Redis redisClient;
  private final RedisAPI redis;
  private final PgConnectOptions connectOptions;
  private final DatabaseTimeouts timeouts;

  private DataStores(Pool pool, Redis redisClient, PgConnectOptions connectOptions, DatabaseTimeouts timeouts) {
    this.pool = pool;
    this.redisClient = redisClient;
    this.redis = RedisAPI.api(redisClient);
    this.connectOptions = connectOptions;
    this.timeouts = timeouts;
  }

  public static DataStores create(Vertx vertx, DatabaseConfig database, RedisConfig redisConfig) {
    DatabaseTimeouts timeouts = database.timeouts();
    long statementMs = timeouts.statement().toMillis();
    PgConnectOptions connect = PgConnectOptions.fromUri(database.url())
      .setCachePreparedStatements(true)
      .setPipeliningLimit(256)
      .setReconnectAttempts(0)
      // a slow but alive server cancels the statement itself, just before our own bound would call it a hang
      .addProperty("statement_timeout", Long.toString(Math.max(1, statementMs - Math.min(100, statementMs / 10))));
    PoolOptions poolOptions = new PoolOptions()
      .setMaxSize(database.poolSize())
      .setMaxWaitQueueSize(database.poolSize() * 64)
      // a backstop only: BoundedPool's own timers answer first
      .setConnectionTimeout((int) Math.min(Integer.MAX_VALUE, timeouts.transaction().toMillis()))
      .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
      .setEventLoopSize(Math.min(database.poolSize(), VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE))
      .setName("interview-pg");
    NetClientOptions tcp = new NetClientOptions()
      .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeouts.connect().toMillis()));
    Pool pool = new BoundedPool(vertx,
      () -> PgBuilder.pool().with(poolOptions).with(tcp).connectingTo(connect).using(vertx).build(), timeouts);
    Redis redis = Redis.createClient(vertx, redisOptions(redisConfig));
    return new DataStores(pool, redis, connect, timeouts);
  }

  /**
   * The API's client options for {@code api.redis}: where and how Redis is reached comes from
   * {@link RedisConfig#options()} (standalone, sentinel or cluster); the shared pool and every dedicated connection
   * (the revocation subscriber) start from these.
   */
  public static RedisOptions redisOptions(RedisConfig redisConfig) {
    return redisConfig.options()
      .setMaxPoolWaiting(redisConfig.poolSize() * 64)
      .setPoolName("interview-redis");
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

  public DatabaseTimeouts timeouts() {
    return timeouts;
  }

  /** Completes when PostgreSQL answers a trivial query; fails within the statement timeout otherwise. */
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
