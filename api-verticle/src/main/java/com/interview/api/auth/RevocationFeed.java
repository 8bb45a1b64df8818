package com.interview.api.auth;

import com.interview.api.common.Redisx;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a {@link RevocationList} in step with Redis: a dedicated connection subscribed to {@link #CHANNEL} adds
 * every revocation any node publishes, and after each (re)subscription the list is reloaded from the index
 * {@link #INDEX} (a sorted set: revoked key → refused-until epoch ms), which also brings what was revoked while
 * this node was not listening. Subscribing comes first, so nothing published during the reload is missed.
 * <p>
 * {@link #live()} holds from the end of that reload until the connection is lost (closed, failed, or a
 * {@code PING} unanswered within {@link Redisx#TIMEOUT_MS}); then it reconnects every {@link #RETRY_MS}. All
 * of it runs on one event-loop context and never blocks.
 */
public final class RevocationFeed {

  /** The pub/sub channel: messages are {@code <refused-until epoch ms> <revoked key>}. */
  public static final String CHANNEL = "auth:revocations";
  /** The sorted set of revocations still in force, reloaded at (re)subscription. */
  public static final String INDEX = "auth:revocations:index";
  /** Between reconnection attempts, and between liveness pings while connected. */
  static final long RETRY_MS = 500;
  static final long PING_MS = 1000;
  static final long SWEEP_MS = 10_000;
  static final long START_WAIT_MS = 2_000;
  static final long RELOAD_MS = 5_000;

  private static final Logger log = LoggerFactory.getLogger(RevocationFeed.class);

  private final Vertx vertx;
  private final Context context;
  private final Redis subscriber;
  private final RedisAPI redis;
  private final RevocationList list;
  private volatile boolean live;
  private RedisConnection connection;
  private boolean closed;
  private boolean downLogged;
  private long pingTimer = -1;
  private final long sweepTimer;

  /**
   * @param options the data stores' Redis options ({@code DataStores.redisOptions}): the subscriber reaches the same
   *                Redis the same way, on a connection of its own
   * @param redis   the shared client, for the reload
   */
  public RevocationFeed(Vertx vertx, RedisOptions options, RedisAPI redis, RevocationList list) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.subscriber = Redis.createClient(vertx, new RedisOptions(options).setMaxPoolSize(1).setMaxPoolWaiting(1)
      .setPoolName("interview-redis-revocations"));
    this.redis = redis;
    this.list = list;
    this.sweepTimer = vertx.setPeriodic(SWEEP_MS, t -> list.sweep(System.currentTimeMillis()));
  }

  /**
   * Completes after the first attempt to subscribe and load, whether or not Redis answered, or after
   * {@link #START_WAIT_MS} (a Redis that does not even refuse must not hold the start); never fails.
   */
  public Future<Void> start() {
    Promise<Void> first = Promise.promise();
    context.runOnContext(v -> connect().onComplete(ar -> first.tryComplete()));
    vertx.setTimer(START_WAIT_MS, t -> first.tryComplete());
    return first.future();
  }

  /** Subscribed and reloaded since the last loss: the list knows every revocation Redis knows. */
  public boolean live() {
    return live;
  }

  public Future<Void> close() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      closed = true;
      live = false;
      vertx.cancelTimer(sweepTimer);
      vertx.cancelTimer(pingTimer);
      subscriber.close().onComplete(ar -> done.complete());
    });
    return done.future();
  }

  private Future<Void> connect() {
    if (closed) {
      return Future.succeededFuture();
    }
    return subscriber.connect()
      .onFailure(e -> {
        down(e.getMessage());
        retry();
      })
      .compose(c -> {
        connection = c;
        c.handler(this::onMessage);
        c.exceptionHandler(e -> lost(c, e.getMessage()));
        c.endHandler(v -> lost(c, "connection closed"));
        return Redisx.bounded(c.send(Request.cmd(Command.SUBSCRIBE).arg(CHANNEL)))
          .compose(ok -> reload())
          .onSuccess(n -> {
            if (connection != c) {
              return; // lost while reloading: the next connection reloads again
            }
            live = true;
            pingTimer = vertx.setPeriodic(PING_MS, t -> ping(c));
            if (downLogged) {
              log.info("revocation feed back: " + n + " revocations reloaded from Redis");
              downLogged = false;
            }
          })
          .onFailure(e -> lost(c, e.getMessage()))
          .mapEmpty();
      });
  }

  /** Loads the index's live part; returns how many entries it held. */
  private Future<Integer> reload() {
    long now = System.currentTimeMillis();
    // not on a request's path, and up to api.jwt.revocationCapacity entries: longer than a request's Redis deadline
    return redis.zrangebyscore(List.of(INDEX, "(" + now, "+inf", "WITHSCORES"))
      .timeout(RELOAD_MS, TimeUnit.MILLISECONDS)
      .map(r -> {
        int n = 0;
        for (int i = 0; i < r.size(); i++) {
          Response e = r.get(i);
          if (e.type() == ResponseType.MULTI) { // RESP3: [member, score] pairs
            list.add(e.get(0).toString(), (long) Double.parseDouble(e.get(1).toString()), now);
          } else { // RESP2: member, score, member, score ...
            list.add(e.toString(), (long) Double.parseDouble(r.get(++i).toString()), now);
          }
          n++;
        }
        return n;
      });
  }

  private void onMessage(Response message) {
    if (message.size() == 3 && "message".equals(message.get(0).toString())) {
      String body = message.get(2).toString();
      int space = body.indexOf(' ');
      try {
        list.add(body.substring(space + 1), Long.parseLong(body.substring(0, space)), System.currentTimeMillis());
      } catch (RuntimeException bad) {
        log.warn("ignored a malformed revocation message on " + CHANNEL + ": " + body);
      }
    }
  }

  private void ping(RedisConnection c) {
    Redisx.bounded(c.send(Request.cmd(Command.PING))).onFailure(e -> lost(c, "no answer to PING: " + e.getMessage()));
  }

  private void lost(RedisConnection c, String why) {
    context.runOnContext(v -> {
      if (connection != c) {
        return; // already handled
      }
      connection = null;
      live = false;
      vertx.cancelTimer(pingTimer);
      c.close();
      down(why);
      retry();
    });
  }

  private void down(String why) {
    live = false;
    if (!downLogged && !closed) {
      downLogged = true;
      log.warn("revocation feed down (" + why + "): access tokens are checked against this node's " + list.size()
        + " known revocations and, while it answers, Redis; retrying every " + RETRY_MS + " ms");
    }
  }

  private void retry() {
    if (!closed) {
      vertx.setTimer(RETRY_MS, t -> connect());
    }
  }
}
