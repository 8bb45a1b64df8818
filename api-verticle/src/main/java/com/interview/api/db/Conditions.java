package com.interview.api.db;

import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * The WHERE clause of a filtered list, built from the filters a request actually uses, with numbered parameters.
 * Each combination of filters is its own prepared statement (cached per connection by the pool), so PostgreSQL plans
 * it with the indexes that fit instead of one generic {@code ($1 IS NULL OR ...)} plan that can use none.
 *
 * <pre>{@code
 * Conditions where = new Conditions();
 * where.when(tag, "tags @> ARRAY[%s::text]");
 * String sql = "SELECT ... FROM questions" + where.sql() + " LIMIT " + where.param(limit);
 * pool.preparedQuery(sql).execute(where.args());
 * }</pre>
 */
public final class Conditions {

  private final List<String> clauses = new ArrayList<>();
  private final Tuple args = Tuple.tuple();

  /** Adds {@code clause} when {@code value} is not null; each {@code %s} of the clause becomes {@code value}'s parameter. */
  public Conditions when(Object value, String clause) {
    if (value != null) {
      String p = param(value);
      clauses.add(clause.replace("%s", p));
    }
    return this;
  }

  /** Adds {@code clause} with its {@code %s} placeholders bound, in order, to {@code values}. */
  public Conditions add(String clause, Object... values) {
    Object[] names = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      names[i] = param(values[i]);
    }
    clauses.add(String.format(clause, names));
    return this;
  }

  /** Binds {@code value} as the next parameter and returns its placeholder ({@code $n}). */
  public String param(Object value) {
    args.addValue(value);
    return "$" + args.size();
  }

  /** {@code " WHERE a AND b"}, or the empty string without conditions. */
  public String sql() {
    return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
  }

  /** The parameters, in placeholder order. */
  public Tuple args() {
    return args;
  }
}
