package com.interview.api.interview;

import com.interview.api.common.Cursor;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One listInterviews request: every filter may be null.
 *
 * @param viewer      whose interviews (as candidate or interviewer); null for an admin, who sees all
 * @param status      this status only
 * @param from        interviews ending after this instant
 * @param to          interviews starting before this instant
 * @param interviewer interviews this user interviews on
 * @param candidate   interviews of this candidate
 * @param limit       page size
 * @param after       the position after which the page starts (by start time, then id)
 */
public record InterviewQuery(UUID viewer, String status, OffsetDateTime from, OffsetDateTime to, UUID interviewer,
                             UUID candidate, int limit, Cursor after) {
}
