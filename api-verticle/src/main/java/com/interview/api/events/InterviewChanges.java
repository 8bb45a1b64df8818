package com.interview.api.events;

import com.interview.api.auth.Principal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The interview changes published on the event bus, as the interviews feature publishes them: address
 * {@value #ADDRESS}, body {@code {"type": "created"|"updated"|"status"|"questions", "interview": <Interview>,
 * "participants": ["<user id>", ...]}}. Who may see a change: admins every one, anybody else those naming them
 * among the participants.
 */
public final class InterviewChanges {

  /** Where changes are published: the publisher's address. */
  public static final String ADDRESS = com.interview.api.interview.InterviewEvents.ADDRESS;

  private InterviewChanges() {
  }

  /** The interview of a change, or null when the message is not a well-formed change. */
  public static JsonObject interview(Object body) {
    return body instanceof JsonObject change && change.getValue("interview") instanceof JsonObject interview
      ? interview : null;
  }

  /** Whether {@code caller} may see {@code change}. */
  public static boolean visibleTo(JsonObject change, Principal caller) {
    if (caller.isAdmin()) {
      return true;
    }
    if (!(change.getValue("participants") instanceof JsonArray participants)) {
      return false;
    }
    String me = caller.userId().toString();
    for (Object id : participants) {
      if (id instanceof String s && s.equalsIgnoreCase(me)) {
        return true;
      }
    }
    return false;
  }
}
