package com.interview.api.interview;

import com.interview.api.auth.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The SQL of interview writes, on the connection of one transaction ({@link InterviewRepository#transaction}). The
 * interviewers' rows carry the interview's time range ({@code during}) and whether it still holds their time
 * ({@code active}); every method that moves the interview or changes its status keeps them in step, so the exclusion
 * constraint {@code interviewer_not_double_booked} sees the truth when the transaction commits.
 */
public final class InterviewTx {

  private static final String LOCK = "SELECT i.id, i.status, i.candidate_id, i.starts_at, i.ends_at, "
    + "array(SELECT interviewer_id FROM interview_interviewers WHERE interview_id = i.id) AS interviewer_ids "
    + "FROM interviews i WHERE i.id = $1 FOR UPDATE";
  private static final String INSERT = "INSERT INTO interviews (title, candidate_id, starts_at, ends_at, timezone, "
    + "location, meeting_url, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
  private static final String BOOK = "INSERT INTO interview_interviewers (interview_id, interviewer_id, during, active) "
    + "SELECT $1, unnest($2::uuid[]), tstzrange($3, $4), $5";
  private static final String UNBOOK = "DELETE FROM interview_interviewers WHERE interview_id = $1";
  private static final String MOVE = "UPDATE interview_interviewers SET during = tstzrange($2, $3) WHERE interview_id = $1";
  private static final String EDIT = "UPDATE interviews SET title = coalesce($2, title), timezone = coalesce($3, timezone), "
    + "location = CASE WHEN $4 THEN $5 ELSE location END, meeting_url = CASE WHEN $6 THEN $7 ELSE meeting_url END, "
    + "starts_at = $8, ends_at = $9, updated_at = now() WHERE id = $1";
  private static final String STATUS = "UPDATE interviews SET status = $2, updated_at = now() WHERE id = $1";
  private static final String ACTIVE = "UPDATE interview_interviewers SET active = $2 WHERE interview_id = $1";
  private static final String TOUCH = "UPDATE interviews SET updated_at = now() WHERE id = $1";
  private static final String EXISTING_QUESTIONS = "SELECT id FROM questions WHERE id = ANY($1) FOR SHARE";
  private static final String UNSET_QUESTIONS = "DELETE FROM interview_questions WHERE interview_id = $1";
  private static final String SET_QUESTIONS = "INSERT INTO interview_questions (interview_id, question_id, position) "
    + "SELECT $1, q.id, q.ord - 1 FROM unnest($2::uuid[]) WITH ORDINALITY AS q(id, ord)";

  private final SqlConnection conn;

  InterviewTx(SqlConnection conn) {
    this.conn = conn;
  }

  /** The interview as it stands, locked until the transaction ends. */
  public record Locked(UUID id, InterviewStatus status, UUID candidateId, Set<UUID> interviewers,
                       OffsetDateTime startsAt, OffsetDateTime endsAt) {
    public InterviewAccess access(Principal caller) {
      return new InterviewAccess(caller, id, candidateId, interviewers);
    }
  }

  /** Locks the interview's row for the rest of the transaction; null when it does not exist. */
  public Future<Locked> lock(UUID id) {
    return conn.preparedQuery(LOCK).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row row = rows.iterator().next();
      return new Locked(id, InterviewStatus.of(row.getString("status")), row.getUUID("candidate_id"),
        new HashSet<>(List.of(row.getArrayOfUUIDs("interviewer_ids"))), row.getOffsetDateTime("starts_at"),
        row.getOffsetDateTime("ends_at"));
    });
  }

  /** Inserts a scheduled interview (without interviewers: {@link #book}); its id. */
  public Future<UUID> insert(NewInterview n, UUID createdBy) {
    return conn.preparedQuery(INSERT).execute(Tuple.from(new Object[] {n.title(), n.candidateId(), n.startsAt(),
        n.endsAt(), n.timezone(), n.location(), n.meetingUrl(), createdBy}))
      .map(rows -> rows.iterator().next().getUUID("id"));
  }

  /** Books {@code interviewers} on the interview from {@code start} to {@code end}; fails 23P01 on a double booking. */
  public Future<Void> book(UUID id, List<UUID> interviewers, OffsetDateTime start, OffsetDateTime end, boolean active) {
    return conn.preparedQuery(BOOK).execute(Tuple.of(id, interviewers.toArray(new UUID[0]), start, end, active)).mapEmpty();
  }

  /** Removes every interviewer of the interview. */
  public Future<Void> unbook(UUID id) {
    return conn.preparedQuery(UNBOOK).execute(Tuple.of(id)).mapEmpty();
  }

  /** Moves the interviewers' bookings to the new time range; fails 23P01 on a double booking. */
  public Future<Void> move(UUID id, OffsetDateTime start, OffsetDateTime end) {
    return conn.preparedQuery(MOVE).execute(Tuple.of(id, start, end)).mapEmpty();
  }

  /**
   * Writes the interview's own columns: title and timezone when not null, location and meeting link when
   * {@code setLocation} / {@code setMeetingUrl} (null clears them), and the time range.
   */
  public Future<Void> edit(UUID id, String title, String timezone, boolean setLocation, String location,
                           boolean setMeetingUrl, String meetingUrl, OffsetDateTime start, OffsetDateTime end) {
    return conn.preparedQuery(EDIT).execute(Tuple.from(new Object[] {id, title, timezone, setLocation, location,
      setMeetingUrl, meetingUrl, start, end})).mapEmpty();
  }

  /** Sets the status, and whether the interviewers' time stays booked. */
  public Future<Void> status(UUID id, InterviewStatus status) {
    return conn.preparedQuery(STATUS).execute(Tuple.of(id, status.wire()))
      .compose(v -> conn.preparedQuery(ACTIVE).execute(Tuple.of(id, status.holdsTime())))
      .mapEmpty();
  }

  /** Marks the interview changed now. */
  public Future<Void> touch(UUID id) {
    return conn.preparedQuery(TOUCH).execute(Tuple.of(id)).mapEmpty();
  }

  /** Which of {@code ids} are questions of the bank, locked against deletion until the transaction ends. */
  public Future<Set<UUID>> existingQuestions(List<UUID> ids) {
    return conn.preparedQuery(EXISTING_QUESTIONS).execute(Tuple.of((Object) ids.toArray(new UUID[0]))).map(rows -> {
      Set<UUID> out = new HashSet<>();
      rows.forEach(row -> out.add(row.getUUID("id")));
      return out;
    });
  }

  /** Replaces the interview's questions by {@code ids}, in this order. */
  public Future<Void> setQuestions(UUID id, List<UUID> ids) {
    return conn.preparedQuery(UNSET_QUESTIONS).execute(Tuple.of(id))
      .compose(v -> conn.preparedQuery(SET_QUESTIONS).execute(Tuple.of(id, (Object) ids.toArray(new UUID[0]))))
      .mapEmpty();
  }

  /** The interview's questions, in order. */
  public Future<JsonArray> questions(UUID id) {
    return InterviewRepository.questions(conn, id);
  }

  /** The interview as the contract shows it, as this transaction sees it. */
  public Future<JsonObject> find(UUID id) {
    return InterviewRepository.find(conn, id);
  }
}
