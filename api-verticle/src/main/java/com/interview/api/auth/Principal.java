package com.interview.api.auth;

import java.time.Instant;
import java.util.UUID;

/**
 * Who is calling, from a verified access token.
 *
 * @param userId    the {@code sub} claim
 * @param role      admin, interviewer or candidate (the {@code role} claim)
 * @param jti       the token's id (deny-listed on logout)
 * @param family    the refresh-token family the token was issued with ({@code fam})
 * @param expiresAt when the token expires
 */
public record Principal(UUID userId, String role, String jti, String family, Instant expiresAt) {

  public static final String ADMIN = "admin";
  public static final String INTERVIEWER = "interviewer";
  public static final String CANDIDATE = "candidate";

  public boolean isAdmin() {
    return ADMIN.equals(role);
  }

  public boolean isInterviewer() {
    return INTERVIEWER.equals(role);
  }

  public boolean isCandidate() {
    return CANDIDATE.equals(role);
  }

  /** Admins and interviewers: the people who run interviews. */
  public boolean isStaff() {
    return isAdmin() || isInterviewer();
  }
}
