package com.interview.api.question;

import com.interview.api.common.ApiProblem;
import com.interview.api.common.Cursor;
import com.interview.api.common.Rows;
import com.interview.api.db.Conditions;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/** SQL of the question bank; rows become the contract's {@code Question} JSON directly (no mapping layer). */
public final class QuestionRepository {

  /** The columns of {@link #toJson(Row)}. */
  public static final String COLUMNS = "id, title, body, category, difficulty, tags, created_at, updated_at";
  private static final String FIND = "SELECT " + COLUMNS + " FROM questions WHERE id = $1";
  private static final String INSERT = "INSERT INTO questions (title, body, category, difficulty, tags, created_by) "
    + "VALUES ($1, $2, $3, $4, $5, $6) RETURNING " + COLUMNS;
  private static final String UPDATE = "UPDATE questions SET title = coalesce($2, title), body = coalesce($3, body), "
    + "category = coalesce($4, category), difficulty = coalesce($5, difficulty), tags = coalesce($6, tags), "
    + "updated_at = now() WHERE id = $1 RETURNING " + COLUMNS;
  private static final String DELETE = "DELETE FROM questions WHERE id = $1";

  private final Pool pool;

  public QuestionRepository(Pool pool) {
    this.pool = pool;
  }

  /** The question as the answer's JSON ({@link QuestionJson}), or null. */
  public Future<Buffer> find(UUID id) {
    return pool.preparedQuery(FIND).execute(Tuple.of(id))
      .map(rows -> rows.size() == 0 ? null : QuestionJson.write(rows.iterator().next()));
  }

  /**
   * A page of the questions matching {@code query}, newest first, and the cursor of the next page (or null). Full
   * text uses the generated {@code search} column; ordering stays newest-first so that cursors remain valid.
   */
  public Future<JsonObject> list(QuestionQuery query) {
    Cursor after = query.after();
    Conditions where = new Conditions()
      .when(query.difficulty(), "difficulty = %s")
      .when(query.tag(), "tags @> ARRAY[%s::text]")
      .when(query.category(), "lower(category) = lower(%s)")
      .when(query.text(), "search @@ plainto_tsquery('english', %s)");
    if (after != null) {
      where.add("(created_at, id) < (%s, %s)", after.at(), after.id());
    }
    String sql = "SELECT " + COLUMNS + " FROM questions" + where.sql()
      + " ORDER BY created_at DESC, id DESC LIMIT " + where.param(query.limit() + 1);
    return pool.preparedQuery(sql).execute(where.args()).map(rows -> page(rows, query.limit()));
  }

  /** Adds a question written by {@code author}; absent body, category and tags take the table's defaults. */
  public Future<JsonObject> create(JsonObject q, UUID author) {
    Tuple args = Tuple.of(q.getString("title"), q.getString("body", ""), q.getString("category", "general"),
      q.getString("difficulty"), tags(q.getJsonArray("tags", new JsonArray())), author);
    return pool.preparedQuery(INSERT).execute(args).map(rows -> toJson(rows.iterator().next()));
  }

  /** Changes the fields present in {@code change}; the question, or null when it does not exist. */
  public Future<JsonObject> update(UUID id, JsonObject change) {
    JsonArray tags = change.getJsonArray("tags");
    Tuple args = Tuple.of(id, change.getString("title"), change.getString("body"), change.getString("category"),
      change.getString("difficulty"), tags == null ? null : tags(tags));
    return pool.preparedQuery(UPDATE).execute(args)
      .map(rows -> rows.size() == 0 ? null : toJson(rows.iterator().next()));
  }

  /**
   * Removes a question; false when it does not exist. An interview using it makes the foreign key refuse: 409
   * {@code question_in_use}, decided by PostgreSQL so that no interview can pick it up in between.
   */
  public Future<Boolean> delete(UUID id) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(id))
      .map(rows -> rows.rowCount() > 0)
      .recover(e -> Future.failedFuture("23503".equals(Rows.sqlState(e))
        ? new ApiProblem(409, "question_in_use", "An interview uses this question; remove it from the interview first.")
        : e));
  }

  private static String[] tags(JsonArray tags) {
    String[] out = new String[tags.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = tags.getString(i);
    }
    return out;
  }

  private static JsonObject page(RowSet<Row> rows, int limit) {
    JsonArray items = new JsonArray();
    String next = null;
    Row last = null;
    for (Row row : rows) {
      if (items.size() == limit) {
        next = new Cursor(last.getOffsetDateTime("created_at"), last.getUUID("id")).encode();
        break;
      }
      items.add(toJson(row));
      last = row;
    }
    return new JsonObject().put("items", items).put("nextCursor", next);
  }

  /** The contract's {@code Question}. */
  public static JsonObject toJson(Row row) {
    JsonArray tags = new JsonArray();
    for (String tag : row.getArrayOfStrings("tags")) {
      tags.add(tag);
    }
    return new JsonObject()
      .put("id", Rows.id(row, "id"))
      .put("title", row.getString("title"))
      .put("body", row.getString("body"))
      .put("category", row.getString("category"))
      .put("difficulty", row.getString("difficulty"))
      .put("tags", tags)
      .put("createdAt", Rows.time(row, "created_at"))
      .put("updatedAt", Rows.time(row, "updated_at"));
  }
}
