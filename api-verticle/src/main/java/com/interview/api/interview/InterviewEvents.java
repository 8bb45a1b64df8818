package com.interview.api.interview;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Live updates of interviews, published on the Vert.x event bus after every committed change (never before the
 * commit, never for a refused change).
 *
 * <p>Address: {@value #ADDRESS} ({@code publish}, so every consumer of every node gets each message). The body is a
 * {@link JsonObject}:
 * <pre>{@code
 * {
 *   "type": "created" | "updated" | "status" | "questions",
 *   "interview": { ... the contract's Interview, as getInterview answers it after the change ... },
 *   "participants": ["<candidate id>", "<interviewer id>", ...]
 * }
 * }</pre>
 * {@code created}: createInterview; {@code updated}: updateInterview (rescheduled, other interviewers, other
 * details); {@code status}: setInterviewStatus; {@code questions}: setInterviewQuestions. {@code participants} are the
 * user ids that may see the interview besides admins (its candidate first, then its interviewers after the change), so
 * a consumer can route the message without reading the database.
 */
public final class InterviewEvents {

  /** The event-bus address of interview changes. */
  public static final String ADDRESS = "interviews.changed";

  public static final String CREATED = "created";
  public static final String UPDATED = "updated";
  public static final String STATUS = "status";
  public static final String QUESTIONS = "questions";

  private final EventBus bus;

  public InterviewEvents(EventBus bus) {
    this.bus = bus;
  }

  /** Publishes that {@code interview} (the contract's Interview JSON, after the change) changed in the way {@code type} says. */
  public void publish(String type, JsonObject interview) {
    bus.publish(ADDRESS, message(type, interview));
  }

  /** The message body for {@code interview}. */
  public static JsonObject message(String type, JsonObject interview) {
    JsonArray participants = new JsonArray().add(interview.getJsonObject("candidate").getString("id"));
    for (Object interviewer : interview.getJsonArray("interviewers")) {
      participants.add(((JsonObject) interviewer).getString("id"));
    }
    return new JsonObject().put("type", type).put("interview", interview).put("participants", participants);
  }
}
