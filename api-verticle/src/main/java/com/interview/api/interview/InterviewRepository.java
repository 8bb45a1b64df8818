package com.interview.api.interview;

import com.interview.api.common.Cursor;
import com.interview.api.common.Rows;
import com.interview.api.db.Conditions;
import com.interview.api.question.QuestionRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * SQL reads of interviews, and the transactions of their writes ({@link InterviewTx}). An interview row becomes the
 * contract's {@code Interview} with its candidate and interviewers in the same statement (interviewers aggregated
 * with {@code json_agg}), so a page of any size is one round trip.
 */
public final class InterviewRepository {

  /** An interview with its people; append a WHERE clause on {@code i}. */
  static final String SELECT = "SELECT i.id, i.title, i.starts_at, i.ends_at, i.timezone, i.location, i.meeting_url, "
    + "i.status, i.created_at, i.updated_at, c.id AS candidate_id, c.name AS candidate_name, c.email AS candidate_email, "
    + "coalesce((SELECT json_agg(json_build_object('id', u.id, 'name', u.name, 'email', u.email) ORDER BY u.name, u.id) "
    + "FROM interview_interviewers ii JOIN users u ON u.id = ii.interviewer_id WHERE ii.interview_id = i.id), '[]'::json) "
    + "AS interviewers FROM interviews i JOIN users c ON c.id = i.candidate_id";
  private static final String FIND = SELECT + " WHERE i.id = $1";
  private static final String QUESTIONS = "SELECT q.id, q.title, q.body, q.category, q.difficulty, q.tags, "
    + "q.created_at, q.updated_at FROM interview_questions iq JOIN questions q ON q.id = iq.question_id "
    + "WHERE iq.interview_id = $1 ORDER BY iq.position";
  private static final String ROLES = "SELECT id, role FROM users WHERE id = ANY($1)";
  private static final String CONFLICT = "SELECT interview_id FROM interview_interviewers WHERE active "
    + "AND interviewer_id = ANY($1) AND during && tstzrange($2, $3) AND interview_id IS DISTINCT FROM $4 "
    + "ORDER BY lower(during), interview_id LIMIT 1";

  private final Pool pool;

  public InterviewRepository(Pool pool) {
    this.pool = pool;
  }

  /** Runs {@code work} in one transaction: committed when its future succeeds, rolled back when it fails. */
  public <T> Future<T> transaction(Function<InterviewTx, Future<T>> work) {
    return pool.withTransaction(conn -> work.apply(new InterviewTx(conn)));
  }

  /** The interview, or null. */
  public Future<JsonObject> find(UUID id) {
    return find(pool, id);
  }

  static Future<JsonObject> find(SqlClient client, UUID id) {
    return client.preparedQuery(FIND).execute(Tuple.of(id))
      .map(rows -> rows.size() == 0 ? null : toJson(rows.iterator().next()));
  }

  /** The interview's questions (the contract's Question), in order. */
  public Future<JsonArray> questions(UUID id) {
    return questions(pool, id);
  }

  static Future<JsonArray> questions(SqlClient client, UUID id) {
    return client.preparedQuery(QUESTIONS).execute(Tuple.of(id)).map(rows -> {
      JsonArray items = new JsonArray();
      rows.forEach(row -> items.add(QuestionRepository.toJson(row)));
      return items;
    });
  }

  /** A page of interviews by start time (then id), and the cursor of the next page or null. */
  public Future<JsonObject> list(InterviewQuery query) {
    Conditions where = new Conditions()
      .when(query.viewer(), "(i.candidate_id = %s OR EXISTS (SELECT 1 FROM interview_interviewers v "
        + "WHERE v.interview_id = i.id AND v.interviewer_id = %s))")
      .when(query.status(), "i.status = %s")
      .when(query.from(), "i.ends_at > %s")
      .when(query.to(), "i.starts_at < %s")
      .when(query.interviewer(), "EXISTS (SELECT 1 FROM interview_interviewers f "
        + "WHERE f.interview_id = i.id AND f.interviewer_id = %s)")
      .when(query.candidate(), "i.candidate_id = %s");
    if (query.after() != null) {
      where.add("(i.starts_at, i.id) > (%s, %s)", query.after().at(), query.after().id());
    }
    String sql = SELECT + where.sql() + " ORDER BY i.starts_at, i.id LIMIT " + where.param(query.limit() + 1);
    return pool.preparedQuery(sql).execute(where.args()).map(rows -> {
      JsonArray items = new JsonArray();
      String next = null;
      Row last = null;
      for (Row row : rows) {
        if (items.size() == query.limit()) {
          next = new Cursor(last.getOffsetDateTime("starts_at"), last.getUUID("id")).encode();
          break;
        }
        items.add(toJson(row));
        last = row;
      }
      return new JsonObject().put("items", items).put("nextCursor", next);
    });
  }

  /** The role of each of {@code ids} that is a user. */
  public Future<Map<UUID, String>> roles(List<UUID> ids) {
    return pool.preparedQuery(ROLES).execute(Tuple.of((Object) ids.toArray(new UUID[0]))).map(rows -> {
      Map<UUID, String> out = new HashMap<>();
      rows.forEach(row -> out.put(row.getUUID("id"), row.getString("role")));
      return out;
    });
  }

  /**
   * An interview other than {@code self} (null: none) that books one of {@code interviewers} between {@code start}
   * and {@code end}, or null when there is none (any more).
   */
  public Future<UUID> conflicting(List<UUID> interviewers, OffsetDateTime start, OffsetDateTime end, UUID self) {
    return pool.preparedQuery(CONFLICT).execute(Tuple.of(interviewers.toArray(new UUID[0]), start, end, self))
      .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("interview_id"));
  }

  /** The contract's {@code Interview} of a row of {@link #SELECT}. */
  static JsonObject toJson(Row row) {
    Object interviewers = row.getValue("interviewers");
    return new JsonObject()
      .put("id", Rows.id(row, "id"))
      .put("title", row.getString("title"))
      .put("candidate", new JsonObject().put("id", Rows.id(row, "candidate_id"))
        .put("name", row.getString("candidate_name")).put("email", row.getString("candidate_email")))
      .put("interviewers", interviewers instanceof JsonArray a ? a : new JsonArray(String.valueOf(interviewers)))
      .put("startsAt", Rows.time(row, "starts_at"))
      .put("endsAt", Rows.time(row, "ends_at"))
      .put("timezone", row.getString("timezone"))
      .put("location", row.getString("location"))
      .put("meetingUrl", row.getString("meeting_url"))
      .put("status", row.getString("status"))
      .put("createdAt", Rows.time(row, "created_at"))
      .put("updatedAt", Rows.time(row, "updated_at"));
  }
}
