package com.interview.api.interview;

import com.interview.api.TestApi;
import com.interview.api.TestApi.User;
import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static com.interview.api.interview.Interviews.at;
import static com.interview.api.interview.Interviews.body;
import static com.interview.api.interview.Interviews.code;
import static com.interview.api.interview.Interviews.iso;
import static org.assertj.core.api.Assertions.assertThat;

/** createInterview and updateInterview against the real PostgreSQL: validation, roles, and no double booking. */
class InterviewSchedulingTest {

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
  void anInterviewerSchedulesAnInterviewThatEmbedsItsPeople() {
    Reply r = interviews.create(alice.accessToken(), body(candidate, at(10, 0), at(11, 0), alice, bob));
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    JsonObject created = r.json();
    assertThat(r.header("Location")).isEqualTo("/api/interviews/" + created.getString("id"));
    assertThat(created.getString("status")).isEqualTo("scheduled");
    assertThat(created.getString("timezone")).isEqualTo("Europe/Paris");
    assertThat(created.getString("meetingUrl")).isEqualTo("https://meet.example.com/abc");
    assertThat(created.getValue("location")).isNull();
    assertThat(java.time.OffsetDateTime.parse(created.getString("startsAt"))).isEqualTo(at(10, 0));
    assertThat(created.getJsonObject("candidate").getString("id")).isEqualTo(candidate.id().toString());
    assertThat(created.getJsonObject("candidate").getString("email")).isEqualTo(candidate.email());
    assertThat(created.getJsonArray("interviewers").stream().map(p -> ((JsonObject) p).getString("id")))
      .containsExactlyInAnyOrder(alice.id().toString(), bob.id().toString());

    Reply read = interviews.get(admin.accessToken(), created.getString("id"));
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json()).isEqualTo(created);
  }

  @Test
  void inconsistentSchedulesAndWrongPeopleAre400NamingTheField() {
    String token = admin.accessToken();
    assertField(interviews.create(token, body(candidate, at(11, 0), at(10, 0), alice)), "/endsAt");
    assertField(interviews.create(token, body(candidate, at(10, 0), at(10, 0), alice)), "/endsAt");
    assertField(interviews.create(token, body(candidate, at(10, 0), at(11, 0), alice).put("timezone", "Mars/Olympus_Mons")), "/timezone");
    assertField(interviews.create(token, body(candidate, at(10, 0), at(11, 0), alice).put("timezone", "+02:00")), "/timezone");
    assertField(interviews.create(token, body(candidate, at(10, 0), at(11, 0), alice).put("meetingUrl", "javascript:alert(1)")), "/meetingUrl");
    assertField(interviews.create(token, body(candidate, at(10, 0), at(11, 0), alice).put("meetingUrl", "ftp://files.example.com/x")), "/meetingUrl");
    assertField(interviews.create(token, body(bob, at(10, 0), at(11, 0), alice)), "/candidateId");
    assertField(interviews.create(token, body(candidate, at(10, 0), at(11, 0), alice, api.candidate())), "/interviewerIds/1");
    JsonObject ghost = body(candidate, at(10, 0), at(11, 0), alice)
      .put("interviewerIds", new JsonArray().add(java.util.UUID.randomUUID().toString()));
    assertField(interviews.create(token, ghost), "/interviewerIds/0");
    assertThat(interviews.create(token, body(candidate, at(10, 0), at(11, 0), alice).put("timezone", "America/New_York")).status())
      .isEqualTo(201);
    assertThat(interviews.create(token, body(candidate, at(12, 0), at(13, 0), admin)).status())
      .as("admins may interview").isEqualTo(201);
  }

  @Test
  void candidatesDoNotSchedule() {
    Reply r = interviews.create(candidate.accessToken(), body(candidate, at(10, 0), at(11, 0), alice));
    assertThat(r.status()).isEqualTo(403);
    assertThat(code(r)).isEqualTo("forbidden");
  }

  @Test
  void anOverlappingBookingIs409NamingTheInterviewInTheWayWhileBackToBackIsFine() {
    JsonObject first = interviews.created(admin.accessToken(), body(candidate, at(10, 0), at(11, 0), alice));
    Reply overlap = interviews.create(admin.accessToken(), body(api.candidate(), at(10, 30), at(11, 30), bob, alice));
    assertThat(overlap.status()).isEqualTo(409);
    assertThat(overlap.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(code(overlap)).isEqualTo("interviewer_double_booked");
    assertThat(overlap.json().getString("conflictingInterviewId")).isEqualTo(first.getString("id"));
    assertThat(count("SELECT count(*) FROM interviews")).as("the refused interview was rolled back").isEqualTo(1);

    assertThat(interviews.create(admin.accessToken(), body(candidate, at(11, 0), at(12, 0), alice)).status())
      .as("back to back").isEqualTo(201);
    assertThat(interviews.create(admin.accessToken(), body(candidate, at(10, 0), at(11, 0), bob)).status())
      .as("another interviewer at the same time").isEqualTo(201);
  }

  @Test
  void tenConcurrentConflictingCreatesGiveExactlyOneInterview() throws Exception {
    int n = 10;
    List<User> candidates = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      candidates.add(api.candidate());
    }
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Reply>> replies = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        JsonObject wanted = body(candidates.get(i), at(9, i), at(10, i), alice);
        replies.add(pool.submit(() -> {
          go.await();
          return interviews.create(admin.accessToken(), wanted);
        }));
      }
      go.countDown();
      List<Reply> created = new ArrayList<>();
      List<Reply> refused = new ArrayList<>();
      for (Future<Reply> f : replies) {
        Reply r = f.get(60, TimeUnit.SECONDS);
        (r.status() == 201 ? created : refused).add(r);
      }
      assertThat(created).hasSize(1);
      assertThat(refused).hasSize(n - 1).allSatisfy(r -> {
        assertThat(r.status()).as(r.text()).isEqualTo(409);
        assertThat(code(r)).isEqualTo("interviewer_double_booked");
        assertThat(r.json().getString("conflictingInterviewId")).isEqualTo(created.get(0).json().getString("id"));
      });
      assertThat(count("SELECT count(*) FROM interviews")).isEqualTo(1);
      assertThat(count("SELECT count(*) FROM interview_interviewers")).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void reschedulingMovesTheBookingsAndRefusesConflicts() {
    JsonObject early = interviews.created(admin.accessToken(), body(candidate, at(9, 0), at(10, 0), alice));
    JsonObject late = interviews.created(admin.accessToken(), body(candidate, at(10, 0), at(11, 0), alice));
    String id = early.getString("id");

    Reply clash = interviews.update(alice.accessToken(), id,
      new JsonObject().put("startsAt", iso(at(10, 30))).put("endsAt", iso(at(11, 30))));
    assertThat(clash.status()).isEqualTo(409);
    assertThat(code(clash)).isEqualTo("interviewer_double_booked");
    assertThat(clash.json().getString("conflictingInterviewId")).isEqualTo(late.getString("id"));
    assertThat(interviews.get(admin.accessToken(), id).json().getString("startsAt")).isEqualTo(early.getString("startsAt"));

    Reply moved = interviews.update(alice.accessToken(), id,
      new JsonObject().put("startsAt", iso(at(8, 0))).put("endsAt", iso(at(9, 0))).put("title", "Moved"));
    assertThat(moved.status()).as(moved.text()).isEqualTo(200);
    assertThat(moved.json().getString("title")).isEqualTo("Moved");
    assertThat(java.time.OffsetDateTime.parse(moved.json().getString("startsAt"))).isEqualTo(at(8, 0));
    assertThat(interviews.create(admin.accessToken(), body(candidate, at(9, 0), at(10, 0), alice)).status())
      .as("the old slot is free once the booking moved").isEqualTo(201);
    assertThat(interviews.create(admin.accessToken(), body(candidate, at(8, 30), at(8, 45), alice)).status())
      .as("the new slot is held").isEqualTo(409);

    Reply backwards = interviews.update(alice.accessToken(), id, new JsonObject().put("endsAt", iso(at(7, 0))));
    assertField(backwards, "/endsAt");
  }

  @Test
  void changingInterviewersRebooksThemAndRefusesConflicts() {
    JsonObject mine = interviews.created(admin.accessToken(), body(candidate, at(10, 0), at(11, 0), alice));
    JsonObject bobs = interviews.created(admin.accessToken(), body(api.candidate(), at(10, 0), at(11, 0), bob));
    String id = mine.getString("id");
    Reply clash = interviews.update(admin.accessToken(), id,
      new JsonObject().put("interviewerIds", new JsonArray().add(bob.id().toString())));
    assertThat(clash.status()).isEqualTo(409);
    assertThat(clash.json().getString("conflictingInterviewId")).isEqualTo(bobs.getString("id"));

    User carol = api.interviewer();
    Reply swapped = interviews.update(admin.accessToken(), id,
      new JsonObject().put("interviewerIds", new JsonArray().add(carol.id().toString())).put("location", "Room 4"));
    assertThat(swapped.status()).as(swapped.text()).isEqualTo(200);
    assertThat(swapped.json().getJsonArray("interviewers").getJsonObject(0).getString("id")).isEqualTo(carol.id().toString());
    assertThat(swapped.json().getString("location")).isEqualTo("Room 4");
    assertThat(interviews.create(admin.accessToken(), body(candidate, at(10, 0), at(11, 0), alice)).status())
      .as("alice is free again").isEqualTo(201);
    assertField(interviews.update(admin.accessToken(), id,
      new JsonObject().put("interviewerIds", new JsonArray().add(candidate.id().toString()))), "/interviewerIds/0");

    Reply cleared = interviews.update(admin.accessToken(), id, new JsonObject().putNull("location"));
    assertThat(cleared.json().getValue("location")).isNull();
    assertThat(cleared.json().getString("meetingUrl")).as("untouched").isEqualTo("https://meet.example.com/abc");
  }

  private static void assertField(Reply r, String field) {
    assertThat(r.status()).as(r.text()).isEqualTo(400);
    assertThat(code(r)).isEqualTo("validation_failed");
    assertThat(r.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field"))).contains(field);
  }

  private static long count(String sql) {
    return TestHttp.await(api.pool().query(sql).execute()).iterator().next().getLong(0);
  }
}
