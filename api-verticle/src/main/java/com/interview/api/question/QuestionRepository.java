package com.interview.api.question;

import com.interview.api.common.Cursor;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** SQL of the question bank; rows become JSON directly (no mapping layer on the hot path). */
public final class QuestionRepository {

  private static final String COLUMNS = "id, title, body, category, difficulty, tags, created_at, updated_at";
  private static final String FIND = "SELECT " + COLUMNS + " FROM questions WHERE id = $1";
  private static final String LIST = "SELECT " + COLUMNS + " FROM questions"
    + " WHERE ($1::text IS NULL OR difficulty = $1)"
    + " AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3))"
    + " ORDER BY created_at DESC, id DESC LIMIT $4";

  private final Pool pool;

  public QuestionRepository(Pool pool) {
    this.pool = pool;
  }

  /** The question, or null. */
  public Future<JsonObject> find(UUID id) {
    return pool.preparedQuery(FIND).execute(Tuple.of(id))
      .map(rows -> rows.size() == 0 ? null : toJson(rows.iterator().next()));
  }

  /** Up to {@code limit} questions after {@code after}, newest first, and the cursor of the next page (or null). */
  public Future<JsonObject> list(int limit, Cursor after, String difficulty) {
    Tuple args = Tuple.of(difficulty, after == null ? null : after.at(), after == null ? null : after.id(), limit + 1);
    return pool.preparedQuery(LIST).execute(args).map(rows -> page(rows, limit));
  }

  private static JsonObject page(RowSet<Row> rows, int limit) {
    JsonArray items = new JsonArray();
    Cursor next = null;
    int n = 0;
    for (Row row : rows) {
      if (n == limit) {
        JsonObject last = items.getJsonObject(limit - 1);
        next = new Cursor(java.time.OffsetDateTime.parse(last.getString("createdAt")), UUID.fromString(last.getString("id")));
        break;
      }
      items.add(toJson(row));
      n++;
    }
    return new JsonObject().put("items", items).put("nextCursor", next == null ? null : next.encode());
  }

  static JsonObject toJson(Row row) {
    JsonArray tags = new JsonArray();
    for (String tag : row.getArrayOfStrings("tags")) {
      tags.add(tag);
    }
    return new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("title", row.getString("title"))
      .put("body", row.getString("body"))
      .put("category", row.getString("category"))
      .put("difficulty", row.getString("difficulty"))
      .put("tags", tags)
      .put("createdAt", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(row.getOffsetDateTime("created_at")))
      .put("updatedAt", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(row.getOffsetDateTime("updated_at")));
  }
}
