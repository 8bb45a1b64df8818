package com.interview.api.interview;

import com.interview.api.TestApi;
import com.interview.api.TestApi.User;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import static com.interview.api.interview.Interviews.at;
import static com.interview.api.interview.Interviews.body;
import static com.interview.api.interview.Interviews.iso;
import static org.assertj.core.api.Assertions.assertThat;

/** listInterviews: what each caller sees, the filters, and keyset pages by start time. */
class InterviewListTest {

  private static TestApi api;
  private static Interviews interviews;
  private User admin;
  private User alice;
  private User bob;
  private User ann;
  private User ben;

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
    alice = api.interviewer();
    bob = api.interviewer();
    ann = api.candidate();
    ben = api.candidate();
  }

  private static List<JsonObject> list(String token, String query) {
    Reply r = api.get("/api/interviews" + query, token);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    List<JsonObject> out = new ArrayList<>();
    r.json().getJsonArray("items").forEach(i -> out.add((JsonObject) i));
    return out;
  }

  private static List<String> titles(String token, String query) {
    return list(token, query).stream().map(i -> i.getString("title")).toList();
  }

  private JsonObject schedule(String title, User candidate, OffsetDateTime start, User... interviewers) {
    return interviews.created(admin.accessToken(), body(candidate, start, start.plusHours(1), interviewers).put("title", title));
  }

  private static String q(OffsetDateTime t) {
    return URLEncoder.encode(iso(t), StandardCharsets.UTF_8);
  }

  @Test
  void everyoneListsWhatTheyMaySeeByStartTime() {
    schedule("ann with alice", ann, at(11, 0), alice);
    schedule("ben with bob", ben, at(9, 0), bob);
    schedule("ann with both", ann, at(14, 0), alice, bob);

    assertThat(titles(admin.accessToken(), "")).containsExactly("ben with bob", "ann with alice", "ann with both");
    assertThat(titles(alice.accessToken(), "")).containsExactly("ann with alice", "ann with both");
    assertThat(titles(bob.accessToken(), "")).containsExactly("ben with bob", "ann with both");
    assertThat(titles(ann.accessToken(), "")).containsExactly("ann with alice", "ann with both");
    assertThat(titles(ben.accessToken(), "")).containsExactly("ben with bob");
    assertThat(titles(api.candidate().accessToken(), "")).isEmpty();
    assertThat(titles(ben.accessToken(), "?candidate=" + ann.id())).as("filters never widen what one sees").isEmpty();

    JsonObject both = list(ann.accessToken(), "").get(1);
    assertThat(both.getJsonObject("candidate").getString("name")).isEqualTo("Name of " + ann.email());
    assertThat(both.getJsonArray("interviewers").stream().map(p -> ((JsonObject) p).getString("email")))
      .containsExactlyInAnyOrder(alice.email(), bob.email());
  }

  @Test
  void filtersByStatusTimeWindowInterviewerAndCandidate() {
    schedule("morning", ann, at(9, 0), alice);
    JsonObject noon = schedule("noon", ben, at(12, 0), bob);
    schedule("evening", ann, at(18, 0), alice, bob);
    interviews.status(admin.accessToken(), noon.getString("id"), "cancelled");
    String token = admin.accessToken();

    assertThat(titles(token, "?status=cancelled")).containsExactly("noon");
    assertThat(titles(token, "?status=scheduled")).containsExactly("morning", "evening");
    assertThat(titles(token, "?interviewer=" + bob.id())).containsExactly("noon", "evening");
    assertThat(titles(token, "?candidate=" + ann.id())).containsExactly("morning", "evening");
    assertThat(titles(token, "?candidate=" + ann.id() + "&interviewer=" + bob.id())).containsExactly("evening");
    // overlap: from is compared with the end, to with the start
    assertThat(titles(token, "?from=" + q(at(9, 30)) + "&to=" + q(at(12, 0)))).containsExactly("morning");
    assertThat(titles(token, "?from=" + q(at(10, 0)) + "&to=" + q(at(12, 1)))).containsExactly("noon");
    assertThat(titles(token, "?from=" + q(at(12, 30)))).containsExactly("noon", "evening");
    assertThat(titles(token, "?to=" + q(at(9, 0)))).isEmpty();
    assertThat(api.get("/api/interviews?status=postponed", token).status()).isEqualTo(400);
    assertThat(api.get("/api/interviews?from=yesterday", token).status()).isEqualTo(400);
  }

  @Test
  void pagesFollowStartTimeThenIdWithTwentyByDefault() {
    List<User> interviewers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      interviewers.add(api.interviewer());
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 22; i++) {
      schedule("slot " + i, ann, Interviews.DAY.plusHours(i), alice);
    }
    List<String> sameStart = new ArrayList<>();
    for (User u : interviewers) { // three interviews starting at the same instant: id breaks the tie
      sameStart.add(schedule("same start", ben, Interviews.DAY.plusHours(30), u).getString("id"));
    }
    for (int i = 0; i < 22; i++) {
      expected.add("slot " + i);
    }

    Reply first = api.get("/api/interviews", admin.accessToken());
    assertThat(first.json().getJsonArray("items")).hasSize(20);
    List<JsonObject> all = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Reply page = api.get("/api/interviews?limit=7" + (cursor == null ? "" : "&cursor=" + cursor), admin.accessToken());
      assertThat(page.status()).as(page.text()).isEqualTo(200);
      page.json().getJsonArray("items").forEach(i -> all.add((JsonObject) i));
      cursor = page.json().getString("nextCursor");
      pages++;
    } while (cursor != null && pages < 10);
    assertThat(pages).isEqualTo(4);
    assertThat(all.subList(0, 22).stream().map(i -> i.getString("title")).toList()).isEqualTo(expected);
    assertThat(all.subList(22, 25).stream().map(i -> i.getString("id")).toList())
      .isEqualTo(sameStart.stream().sorted().toList());
    assertThat(all).allSatisfy(i -> assertThat(i.getJsonArray("interviewers")).hasSize(1));
  }
}
