package com.interview.api.db;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.TransactionPropagation;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The API's PostgreSQL pool with every wait bounded by a Vert.x timer of its own ({@link DatabaseTimeouts}): a
 * statement on the pool (acquisition included), an explicit acquisition, a whole transaction. The pg client's own
 * timeouts do not fire while a server that keeps its sockets open stays silent; these do, and fail with a
 * {@link DatabaseTimeout}, which the API answers 503 {@code database_unavailable}.
 *
 * <p>A bound that fires makes the hang look like a cut: the underlying pool is replaced by a fresh one (at most
 * once per statement bound) and the old one closed, so every silent socket is dropped at once instead of after
 * the kernel's TCP timeouts, and the next requests connect anew — once PostgreSQL answers, they succeed.
 */
public final class BoundedPool implements Pool {

  private static final Logger log = LoggerFactory.getLogger(BoundedPool.class);

  private final Vertx vertx;
  private final Supplier<Pool> factory;
  private final DatabaseTimeouts timeouts;
  private final AtomicReference<Pool> current;
  private final AtomicLong lastCut;
  private volatile boolean closed;

  public BoundedPool(Vertx vertx, Supplier<Pool> factory, DatabaseTimeouts timeouts) {
    this.vertx = vertx;
    this.factory = factory;
    this.timeouts = timeouts;
    this.current = new AtomicReference<>(factory.get());
    this.lastCut = new AtomicLong(System.nanoTime() - timeouts.statement().toNanos());
  }

  @Override
  public Future<SqlConnection> getConnection() {
    return bound(current.get().getConnection(), timeouts.acquire(), "with a pool connection");
  }

  @Override
  public Query<RowSet<Row>> query(String sql) {
    return new BoundedQuery<>(this, current.get().query(sql));
  }

  @Override
  public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
    return new BoundedQuery<>(this, current.get().preparedQuery(sql));
  }

  @Override
  public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
    return new BoundedQuery<>(this, current.get().preparedQuery(sql, options));
  }

  @Override
  public <T> Future<T> withTransaction(Function<SqlConnection, Future<T>> function) {
    return bound(Pool.super.withTransaction(function), timeouts.transaction(), "a transaction");
  }

  @Override
  public <T> Future<T> withTransaction(TransactionPropagation propagation, Function<SqlConnection, Future<T>> function) {
    return bound(Pool.super.withTransaction(propagation, function), timeouts.transaction(), "a transaction");
  }

  @Override
  public <T> Future<T> withConnection(Function<SqlConnection, Future<T>> function) {
    return bound(Pool.super.withConnection(function), timeouts.transaction(), "a connection's work");
  }

  @Override
  public int size() {
    return current.get().size();
  }

  @Override
  public Future<Void> close() {
    closed = true;
    return current.get().close();
  }

  /** {@code work} bounded by the statement timeout. */
  <T> Future<T> statement(Future<T> work) {
    return bound(work, timeouts.statement(), "a statement");
  }

  /**
   * {@code work}, or a {@link DatabaseTimeout} after {@code limit}; completes on the caller's context. A connection
   * that arrives after its waiter gave up goes back to the pool.
   */
  private <T> Future<T> bound(Future<T> work, Duration limit, String what) {
    ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
    Promise<T> result = context.promise();
    long millis = limit.toMillis();
    long timer = vertx.setTimer(millis, t -> {
      if (result.tryFail(new DatabaseTimeout(what, millis))) {
        cut();
      }
    });
    work.onComplete(ar -> {
      vertx.cancelTimer(timer);
      boolean inTime = ar.succeeded() ? result.tryComplete(ar.result()) : result.tryFail(ar.cause());
      if (!inTime && ar.succeeded() && ar.result() instanceof SqlConnection late) {
        late.close();
      }
    });
    return result.future();
  }

  /** Replaces the pool after a hang, at most once per statement bound. */
  private void cut() {
    long now = System.nanoTime();
    long last = lastCut.get();
    if (closed || now - last < timeouts.statement().toNanos() || !lastCut.compareAndSet(last, now)) {
      return;
    }
    Pool silent = current.getAndSet(factory.get());
    log.info("PostgreSQL left a request unanswered: its connections are closed and new ones will be opened");
    silent.close();
  }
}
