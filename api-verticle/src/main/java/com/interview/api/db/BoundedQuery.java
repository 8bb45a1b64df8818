package com.interview.api.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collector;

/** A query of a {@link BoundedPool}: every execution bounded by the statement timeout. */
final class BoundedQuery<T> implements PreparedQuery<T> {

  private final BoundedPool pool;
  private final Query<T> query;

  BoundedQuery(BoundedPool pool, Query<T> query) {
    this.pool = pool;
    this.query = query;
  }

  @Override
  public Future<T> execute() {
    return pool.statement(query.execute());
  }

  @Override
  public Future<T> execute(Tuple tuple) {
    return pool.statement(prepared().execute(tuple));
  }

  @Override
  public Future<T> executeBatch(List<Tuple> batch) {
    return pool.statement(prepared().executeBatch(batch));
  }

  @Override
  public <R> PreparedQuery<SqlResult<R>> collecting(Collector<Row, ?, R> collector) {
    return new BoundedQuery<>(pool, query.collecting(collector));
  }

  @Override
  public <U> PreparedQuery<RowSet<U>> mapping(Function<Row, U> mapper) {
    return new BoundedQuery<>(pool, query.mapping(mapper));
  }

  private PreparedQuery<T> prepared() {
    if (query instanceof PreparedQuery<T> p) {
      return p;
    }
    throw new UnsupportedOperationException("a simple query takes no parameters; use preparedQuery(sql)");
  }
}
