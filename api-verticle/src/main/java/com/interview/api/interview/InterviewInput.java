package com.interview.api.interview;

import com.interview.api.auth.Principal;
import com.interview.api.common.ApiProblem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The checks of an interview's fields that the contract's schema cannot express: start before end, an IANA time
 * zone, an http(s) meeting link, people with the right roles. Collects every offending field, then {@link #check()}
 * fails once with 400 {@code validation_failed} naming them all ({@code errors: [{field, message}]}).
 */
final class InterviewInput {

  private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();
  private static final Set<String> INTERVIEWER_ROLES = Set.of(Principal.INTERVIEWER, Principal.ADMIN);

  private final JsonArray errors = new JsonArray();

  /** The trimmed title, or null when absent. */
  String title(JsonObject body) {
    String title = body.getString("title");
    if (title != null && title.isBlank()) {
      return error("title", "The title is blank.");
    }
    return title == null ? null : title.trim();
  }

  /** The instant of {@code field}, or null when absent. */
  OffsetDateTime time(JsonObject body, String field) {
    String text = body.getString(field);
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text);
    } catch (DateTimeParseException e) {
      return error(field, "Not an RFC 3339 date-time with offset.");
    }
  }

  /** Requires {@code start} before {@code end} (when both parsed). */
  void order(OffsetDateTime start, OffsetDateTime end) {
    if (start != null && end != null && !start.isBefore(end)) {
      error("endsAt", "The interview must end after it starts.");
    }
  }

  /** The IANA zone of {@code timezone}, or null when absent. */
  String timezone(JsonObject body) {
    String zone = body.getString("timezone");
    if (zone != null && !ZONES.contains(zone)) {
      return error("timezone", "Not an IANA time zone (e.g. Europe/Paris, America/New_York, UTC).");
    }
    return zone;
  }

  /** The meeting link of {@code body} (null when absent or null); only absolute http and https links. */
  String meetingUrl(JsonObject body) {
    String url = body.getString("meetingUrl");
    if (url == null) {
      return null;
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return url;
      }
    } catch (URISyntaxException e) {
      // falls through to the error
    }
    return error("meetingUrl", "Only http and https links are accepted.");
  }

  /** Requires the candidate to be a user with role candidate ({@code roles}: the role of each known user id). */
  void candidate(UUID candidate, Map<UUID, String> roles) {
    if (!Principal.CANDIDATE.equals(roles.get(candidate))) {
      error("candidateId", roles.containsKey(candidate) ? "This user is not a candidate." : "No such user.");
    }
  }

  /** Requires every interviewer to be a user with role interviewer or admin. */
  void interviewers(List<UUID> interviewers, Map<UUID, String> roles) {
    for (int i = 0; i < interviewers.size(); i++) {
      String role = roles.get(interviewers.get(i));
      if (role == null || !INTERVIEWER_ROLES.contains(role)) {
        error("interviewerIds/" + i, role == null ? "No such user." : "This user is not an interviewer or admin.");
      }
    }
  }

  /** Fails with every error found so far. */
  void check() {
    if (!errors.isEmpty()) {
      throw new ApiProblem(400, "validation_failed", "Some fields are invalid: see errors.", errors.copy());
    }
  }

  private <T> T error(String field, String message) {
    errors.add(new JsonObject().put("field", "/" + field).put("message", message));
    return null;
  }

  /** The ids of a JSON array of uuid strings (the contract validated them), or null for null. */
  static List<UUID> ids(JsonArray array) {
    if (array == null) {
      return null;
    }
    List<UUID> out = new ArrayList<>(array.size());
    for (Object id : array) {
      out.add(UUID.fromString((String) id));
    }
    return out;
  }
}
