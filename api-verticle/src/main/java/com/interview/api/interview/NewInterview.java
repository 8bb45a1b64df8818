package com.interview.api.interview;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A createInterview request, checked: people exist with the right roles, the times are ordered, the zone is IANA.
 *
 * @param title        what the interview is about
 * @param candidateId  who is interviewed
 * @param interviewers who interviews (at least one)
 * @param startsAt     start
 * @param endsAt       end (after the start)
 * @param timezone     the IANA zone the participants read times in
 * @param location     where, or null
 * @param meetingUrl   an http(s) link, or null
 */
public record NewInterview(String title, UUID candidateId, List<UUID> interviewers, OffsetDateTime startsAt,
                           OffsetDateTime endsAt, String timezone, String location, String meetingUrl) {
}
