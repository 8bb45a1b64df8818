package com.interview.api.interview;

import java.util.Locale;
import java.util.Set;

/**
 * The life of an interview: scheduled → in_progress → completed; scheduled or in_progress → cancelled; scheduled →
 * no_show. completed, cancelled and no_show are final. Only a scheduled interview may be rescheduled or get other
 * interviewers; a cancelled one no longer holds its interviewers' time.
 */
public enum InterviewStatus {
  SCHEDULED, IN_PROGRESS, COMPLETED, CANCELLED, NO_SHOW;

  /** The contract's name ({@code in_progress}, ...). */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static InterviewStatus of(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }

  /** Whether an interview in this status may move to {@code next}. */
  public boolean canBecome(InterviewStatus next) {
    return switch (this) {
      case SCHEDULED -> Set.of(IN_PROGRESS, CANCELLED, NO_SHOW).contains(next);
      case IN_PROGRESS -> Set.of(COMPLETED, CANCELLED).contains(next);
      default -> false;
    };
  }

  /** Whether the interviewers' time stays booked (the exclusion constraint's {@code active}). */
  public boolean holdsTime() {
    return this != CANCELLED;
  }
}
