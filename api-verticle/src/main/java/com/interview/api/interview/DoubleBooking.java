package com.interview.api.interview;

import com.interview.api.common.ApiProblem;
import com.interview.api.common.Rows;
import io.vertx.core.Future;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Turns PostgreSQL's refusal to double-book an interviewer (the exclusion constraint
 * {@code interviewer_not_double_booked}, SQLSTATE 23P01) into 409 {@code interviewer_double_booked} with the
 * {@code conflictingInterviewId}. Called after the transaction rolled back, so the lookup uses a free connection.
 */
final class DoubleBooking {

  static final String EXCLUSION_VIOLATION = "23P01";

  private DoubleBooking() {
  }

  /**
   * {@code failure} as an API answer: when it is a double booking of one of {@code interviewers} between
   * {@code start} and {@code end}, the 409 naming the interview in the way (other than {@code self}); else unchanged.
   */
  static <T> Future<T> explain(Throwable failure, InterviewRepository interviews, List<UUID> interviewers,
                               OffsetDateTime start, OffsetDateTime end, UUID self) {
    if (!EXCLUSION_VIOLATION.equals(Rows.sqlState(failure))) {
      return Future.failedFuture(failure);
    }
    return interviews.conflicting(interviewers, start, end, self)
      .otherwiseEmpty()
      .compose(conflict -> Future.failedFuture(new ApiProblem(409, "interviewer_double_booked",
        "An interviewer is booked on another interview at that time.")
        .with("conflictingInterviewId", conflict == null ? null : conflict.toString())));
  }
}
