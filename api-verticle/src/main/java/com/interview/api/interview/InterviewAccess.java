package com.interview.api.interview;

import com.interview.api.auth.Principal;
import com.interview.api.common.Access;
import com.interview.api.common.ApiProblem;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * What a caller may do with one interview. Admins: everything. Its interviewers: see and manage it. Its candidate:
 * see it. Anybody else does not learn that it exists: 404, never 403, so ids cannot be probed.
 *
 * @param caller       who calls
 * @param interviewId  the interview
 * @param candidateId  its candidate
 * @param interviewers its interviewers
 */
public record InterviewAccess(Principal caller, UUID interviewId, UUID candidateId, Set<UUID> interviewers) {

  /** The access of {@code caller} to {@code interview} (the contract's Interview JSON). */
  public static InterviewAccess of(Principal caller, JsonObject interview) {
    Set<UUID> interviewers = new HashSet<>();
    for (Object p : interview.getJsonArray("interviewers")) {
      interviewers.add(UUID.fromString(((JsonObject) p).getString("id")));
    }
    return new InterviewAccess(caller, UUID.fromString(interview.getString("id")),
      UUID.fromString(interview.getJsonObject("candidate").getString("id")), interviewers);
  }

  /** Whether the caller is one of its interviewers. */
  public boolean isInterviewer() {
    return interviewers.contains(caller.userId());
  }

  /** Whether the caller is its candidate. */
  public boolean isCandidate() {
    return candidateId.equals(caller.userId());
  }

  public boolean sees() {
    return caller.isAdmin() || isInterviewer() || isCandidate();
  }

  public boolean manages() {
    return caller.isAdmin() || isInterviewer();
  }

  /** Fails 404 unless the caller may see the interview. */
  public InterviewAccess requireSees() {
    if (!sees()) {
      throw ApiProblem.notFound("No interview " + interviewId + ".");
    }
    return this;
  }

  /** Fails 404 unless the caller sees the interview, 403 unless they manage it (admins and its interviewers). */
  public InterviewAccess requireManages(String detail) {
    requireSees();
    Access.require(manages(), detail);
    return this;
  }

  /** Fails 404 unless the caller sees the interview, 403 unless they are one of its interviewers. */
  public InterviewAccess requireInterviewer(String detail) {
    requireSees();
    Access.require(isInterviewer(), detail);
    return this;
  }
}
