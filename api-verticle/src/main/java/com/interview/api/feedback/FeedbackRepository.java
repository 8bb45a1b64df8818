package com.interview.api.feedback;

import com.interview.api.common.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * SQL of scorecards. A scorecard is a draft until submitted; a submitted one is never written again, which the
 * statements themselves guarantee ({@code WHERE status = 'draft'}), so two racing requests cannot edit it after
 * submission. Rows become the contract's {@code Feedback} with the interviewer embedded.
 */
public final class FeedbackRepository {

  private static final String COLUMNS = "f.id, f.interview_id, f.interviewer_id, u.name AS interviewer_name, "
    + "u.email AS interviewer_email, f.recommendation, f.notes, f.scores, f.status, f.submitted_at, f.created_at, f.updated_at";
  private static final String LIST = "SELECT " + COLUMNS + " FROM feedback f JOIN users u ON u.id = f.interviewer_id "
    + "WHERE f.interview_id = $1 ORDER BY f.created_at, f.id";
  private static final String MINE = "SELECT " + COLUMNS + " FROM feedback f JOIN users u ON u.id = f.interviewer_id "
    + "WHERE f.interview_id = $1 AND f.interviewer_id = $2";
  private static final String ATTACHED = "SELECT question_id FROM interview_questions WHERE interview_id = $1";
  private static final String SAVE = "WITH f AS (INSERT INTO feedback (interview_id, interviewer_id, recommendation, "
    + "notes, scores) VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT (interview_id, interviewer_id) DO UPDATE SET "
    + "recommendation = EXCLUDED.recommendation, notes = EXCLUDED.notes, scores = EXCLUDED.scores, updated_at = now() "
    + "WHERE feedback.status = 'draft' RETURNING *) SELECT " + COLUMNS + " FROM f JOIN users u ON u.id = f.interviewer_id";
  private static final String SUBMIT = "WITH f AS (UPDATE feedback SET status = 'submitted', submitted_at = now(), "
    + "updated_at = now() WHERE interview_id = $1 AND interviewer_id = $2 AND status = 'draft' "
    + "AND recommendation IS NOT NULL RETURNING *) SELECT " + COLUMNS + " FROM f JOIN users u ON u.id = f.interviewer_id";

  private final Pool pool;

  public FeedbackRepository(Pool pool) {
    this.pool = pool;
  }

  /** Every scorecard of the interview, oldest first. */
  public Future<JsonArray> list(UUID interviewId) {
    return pool.preparedQuery(LIST).execute(Tuple.of(interviewId)).map(rows -> {
      JsonArray items = new JsonArray();
      rows.forEach(row -> items.add(toJson(row)));
      return items;
    });
  }

  /** The interviewer's scorecard of the interview, or null. */
  public Future<JsonObject> mine(UUID interviewId, UUID interviewerId) {
    return pool.preparedQuery(MINE).execute(Tuple.of(interviewId, interviewerId)).map(FeedbackRepository::firstOrNull);
  }

  /** The ids of the questions attached to the interview. */
  public Future<Set<UUID>> attachedQuestions(UUID interviewId) {
    return pool.preparedQuery(ATTACHED).execute(Tuple.of(interviewId)).map(rows -> {
      Set<UUID> out = new HashSet<>();
      rows.forEach(row -> out.add(row.getUUID("question_id")));
      return out;
    });
  }

  /**
   * Creates or replaces the interviewer's draft; the scorecard, or null when it was submitted already (and stays as
   * it was).
   */
  public Future<JsonObject> saveDraft(UUID interviewId, UUID interviewerId, String recommendation, String notes,
                                      JsonArray scores) {
    return pool.preparedQuery(SAVE)
      .execute(Tuple.of(interviewId, interviewerId, recommendation, notes, scores))
      .map(FeedbackRepository::firstOrNull);
  }

  /** Submits the interviewer's draft when it has a recommendation; the scorecard, or null when nothing was submitted. */
  public Future<JsonObject> submit(UUID interviewId, UUID interviewerId) {
    return pool.preparedQuery(SUBMIT).execute(Tuple.of(interviewId, interviewerId)).map(FeedbackRepository::firstOrNull);
  }

  private static JsonObject firstOrNull(RowSet<Row> rows) {
    return rows.size() == 0 ? null : toJson(rows.iterator().next());
  }

  /** The contract's {@code Feedback}. */
  static JsonObject toJson(Row row) {
    Object scores = row.getValue("scores");
    return new JsonObject()
      .put("id", Rows.id(row, "id"))
      .put("interviewId", Rows.id(row, "interview_id"))
      .put("interviewer", new JsonObject().put("id", Rows.id(row, "interviewer_id"))
        .put("name", row.getString("interviewer_name")).put("email", row.getString("interviewer_email")))
      .put("recommendation", row.getString("recommendation"))
      .put("notes", row.getString("notes"))
      .put("scores", scores instanceof JsonArray a ? a : new JsonArray(String.valueOf(scores)))
      .put("status", row.getString("status"))
      .put("submittedAt", Rows.time(row, "submitted_at"))
      .put("createdAt", Rows.time(row, "created_at"))
      .put("updatedAt", Rows.time(row, "updated_at"));
  }
}
