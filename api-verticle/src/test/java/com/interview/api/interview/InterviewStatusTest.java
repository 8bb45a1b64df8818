package com.interview.api.interview;

import com.interview.api.TestApi;
import com.interview.api.TestApi.User;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.interview.api.interview.Interviews.at;
import static com.interview.api.interview.Interviews.body;
import static com.interview.api.interview.Interviews.code;
import static com.interview.api.interview.Interviews.iso;
import static org.assertj.core.api.Assertions.assertThat;

/** setInterviewStatus: the allowed transitions, and what each status means for the interviewers' bookings. */
class InterviewStatusTest {

  private static TestApi api;
  private static Interviews interviews;
  private User admin;
  private User candidate;
  private User alice;
  private User bob;

  @BeforeAll
  static void start() {
    api = TestApi.start();
    interviews = new Interviews(api);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @BeforeEach
  void reset() {
    api.reset();
    admin = api.admin();
    candidate = api.candidate();
    alice = api.interviewer();
    bob = api.interviewer();
  }

  @Test
  void aCancelledInterviewFreesItsSlotANoShowDoesNot() {
    JsonObject cancelled = interviews.created(admin.accessToken(), body(candidate, at(10, 0), at(11, 0), alice));
    assertThat(interviews.status(alice.accessToken(), cancelled.getString("id"), "cancelled").status()).isEqualTo(200);
    JsonObject taken = interviews.created(admin.accessToken(), body(api.candidate(), at(10, 0), at(11, 0), alice));

    assertThat(interviews.status(alice.accessToken(), taken.getString("id"), "no_show").status()).isEqualTo(200);
    Reply again = interviews.create(admin.accessToken(), body(api.candidate(), at(10, 15), at(10, 45), alice));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().getString("conflictingInterviewId")).isEqualTo(taken.getString("id"));
  }

  @Test
  void onlyScheduledInterviewsAreRescheduledOrGetOtherInterviewers() {
    JsonObject running = interviews.created(admin.accessToken(), body(candidate, at(10, 0), at(11, 0), alice));
    String id = running.getString("id");
    assertThat(interviews.status(alice.accessToken(), id, "in_progress").status()).isEqualTo(200);
    Reply move = interviews.update(alice.accessToken(), id, new JsonObject().put("startsAt", iso(at(9, 0))));
    assertThat(move.status()).isEqualTo(409);
    assertThat(code(move)).isEqualTo("not_scheduled");
    Reply other = interviews.update(alice.accessToken(), id,
      new JsonObject().put("interviewerIds", new JsonArray().add(bob.id().toString())));
    assertThat(code(other)).isEqualTo("not_scheduled");
    assertThat(interviews.update(alice.accessToken(), id, new JsonObject().put("meetingUrl", "http://meet.example.com/new"))
      .status()).as("details may still change").isEqualTo(200);

    assertThat(interviews.status(alice.accessToken(), id, "cancelled").status()).isEqualTo(200);
    assertThat(code(interviews.update(alice.accessToken(), id, new JsonObject().put("endsAt", iso(at(12, 0))))))
      .isEqualTo("not_scheduled");
  }

  @Test
  void statusMovesOnlyAlongTheAllowedTransitions() {
    String[] all = {"scheduled", "in_progress", "completed", "cancelled", "no_show"};
    Map<String, List<String>> allowed = Map.of(
      "scheduled", List.of("in_progress", "cancelled", "no_show"),
      "in_progress", List.of("completed", "cancelled"),
      "completed", List.of(), "cancelled", List.of(), "no_show", List.of());
    Map<String, List<String>> pathTo = Map.of(
      "scheduled", List.of(), "in_progress", List.of("in_progress"), "completed", List.of("in_progress", "completed"),
      "cancelled", List.of("cancelled"), "no_show", List.of("no_show"));
    int slot = 0;
    for (String from : all) {
      for (String to : all) {
        slot++;
        JsonObject interview = interviews.created(admin.accessToken(),
          body(candidate, Interviews.DAY.plusHours(slot), Interviews.DAY.plusHours(slot).plusMinutes(30), alice));
        String id = interview.getString("id");
        for (String step : pathTo.get(from)) {
          assertThat(interviews.status(alice.accessToken(), id, step).status()).isEqualTo(200);
        }
        Reply r = interviews.status(alice.accessToken(), id, to);
        if (allowed.get(from).contains(to)) {
          assertThat(r.status()).as("%s -> %s: %s", from, to, r.text()).isEqualTo(200);
          assertThat(r.json().getString("status")).isEqualTo(to);
        } else {
          assertThat(r.status()).as("%s -> %s", from, to).isEqualTo(409);
          assertThat(code(r)).isEqualTo("invalid_transition");
          assertThat(interviews.get(admin.accessToken(), id).json().getString("status")).isEqualTo(from);
        }
      }
    }
  }
}
