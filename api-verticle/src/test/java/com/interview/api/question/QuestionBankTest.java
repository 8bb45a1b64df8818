package com.interview.api.question;

import com.interview.api.TestApi;
import com.interview.api.TestApi.User;
import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The question bank: who writes it, how it is searched and paged, and its Redis page cache. */
class QuestionBankTest {

  private static TestApi api;
  private User admin;
  private User interviewer;

  @BeforeAll
  static void start() {
    api = TestApi.start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @BeforeEach
  void reset() {
    api.reset();
    admin = api.admin();
    interviewer = api.interviewer();
  }

  private static Reply create(TestApi on, String token, JsonObject question) {
    return on.call(HttpMethod.POST, "/api/questions", token, question);
  }

  private static JsonObject created(String token, String title, String difficulty, String category, String... tags) {
    JsonObject q = new JsonObject().put("title", title).put("difficulty", difficulty).put("category", category)
      .put("tags", new JsonArray(List.of((Object[]) tags)));
    Reply r = create(api, token, q);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.json();
  }

  private static List<String> titles(Reply page) {
    assertThat(page.status()).as(page.text()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    page.json().getJsonArray("items").forEach(q -> out.add(((JsonObject) q).getString("title")));
    return out;
  }

  private List<String> search(String query) {
    return titles(api.get("/api/questions" + query, interviewer.accessToken()));
  }

  @Test
  void interviewersAndAdminsWriteTheBankCandidatesDoNotEvenRead() {
    Reply made = create(api, interviewer.accessToken(), new JsonObject().put("title", "Reverse a list").put("difficulty", "easy"));
    assertThat(made.status()).as(made.text()).isEqualTo(201);
    JsonObject q = made.json();
    assertThat(q.getString("body")).isEmpty();
    assertThat(q.getString("category")).isEqualTo("general");
    assertThat(q.getJsonArray("tags")).isEmpty();
    String id = q.getString("id");

    Reply changed = api.call(HttpMethod.PATCH, "/api/questions/" + id, admin.accessToken(),
      new JsonObject().put("body", "In place, please.").put("tags", new JsonArray().add("lists")));
    assertThat(changed.status()).as(changed.text()).isEqualTo(200);
    assertThat(changed.json().getString("title")).isEqualTo("Reverse a list");
    assertThat(changed.json().getString("body")).isEqualTo("In place, please.");
    assertThat(changed.json().getJsonArray("tags")).containsExactly("lists");
    assertThat(api.get("/api/questions/" + id, interviewer.accessToken()).json()).isEqualTo(changed.json());
    assertThat(api.call(HttpMethod.PATCH, "/api/questions/" + UUID.randomUUID(), admin.accessToken(),
      new JsonObject().put("title", "x")).status()).isEqualTo(404);

    String candidate = api.candidate().accessToken();
    assertThat(create(api, candidate, new JsonObject().put("title", "Mine").put("difficulty", "easy")).status()).isEqualTo(403);
    assertThat(api.get("/api/questions", candidate).status()).isEqualTo(403);
    assertThat(api.get("/api/questions/" + id, candidate).status()).isEqualTo(403);
    assertThat(api.call(HttpMethod.PATCH, "/api/questions/" + id, candidate, new JsonObject().put("title", "x")).status())
      .isEqualTo(403);
    assertThat(create(api, admin.accessToken(), new JsonObject().put("title", "No difficulty")).status()).isEqualTo(400);
  }

  @Test
  void onlyAdminsDeleteQuestions() {
    String id = created(interviewer.accessToken(), "Design a cache", "hard", "design").getString("id");
    Reply refused = api.call(HttpMethod.DELETE, "/api/questions/" + id, interviewer.accessToken(), null);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(api.call(HttpMethod.DELETE, "/api/questions/" + id, admin.accessToken(), null).status()).isEqualTo(204);
    assertThat(api.get("/api/questions/" + id, admin.accessToken()).status()).isEqualTo(404);
    assertThat(api.call(HttpMethod.DELETE, "/api/questions/" + id, admin.accessToken(), null).status()).isEqualTo(404);
  }

  @Test
  void theBankIsSearchedByDifficultyTagCategoryAndWords() {
    String token = interviewer.accessToken();
    created(token, "Explain database locking", "hard", "Databases", "sql", "concurrency");
    created(token, "Index a table", "medium", "Databases", "sql");
    created(token, "Threads and locks in Java", "medium", "Java", "concurrency", "java");
    created(token, "FizzBuzz", "easy", "warm-up");

    assertThat(search("?tag=concurrency")).containsExactlyInAnyOrder("Explain database locking", "Threads and locks in Java");
    assertThat(search("?tag=sql&difficulty=medium")).containsExactly("Index a table");
    assertThat(search("?category=databases")).containsExactlyInAnyOrder("Explain database locking", "Index a table");
    assertThat(search("?q=lock")).as("stemmed: locking, locks").containsExactlyInAnyOrder("Explain database locking",
      "Threads and locks in Java");
    assertThat(search("?q=warm")).as("the category is searched too").containsExactly("FizzBuzz");
    assertThat(search("?q=lock&category=java")).containsExactly("Threads and locks in Java");
    assertThat(search("?q=kubernetes")).isEmpty();
    assertThat(search("?tag=nothing")).isEmpty();
    assertThat(search("")).as("newest first").containsExactly("FizzBuzz", "Threads and locks in Java", "Index a table",
      "Explain database locking");
    assertThat(api.get("/api/questions?difficulty=impossible", token).status()).isEqualTo(400);
  }

  @Test
  void stringParametersAreCheckedAgainstTheirSchemaAndTakenAsWritten() {
    String token = interviewer.accessToken();
    created(token, "What changed in release 1.5", "easy", "history");
    Reply notAnId = api.get("/api/questions/not-a-uuid", token);
    assertThat(notAnId.status()).isEqualTo(400);
    assertThat(notAnId.json().getString("code")).isEqualTo("validation_failed");
    assertThat(api.get("/api/questions/" + UUID.randomUUID(), token).status()).isEqualTo(404);
    assertThat(api.get("/api/questions?tag=" + "x".repeat(41), token).status()).as("maxLength 40").isEqualTo(400);
    // a string that reads as JSON of another type is still a string (the validator library alone refused "1.5")
    assertThat(search("?category=1.5")).isEmpty();
    assertThat(search("?q=%22release%22")).as("quoted: the library's way").containsExactly("What changed in release 1.5");
    assertThat(search("?q=release")).containsExactly("What changed in release 1.5");
  }

  @Test
  void pagesFollowTheCursorWithoutGapsOrRepeats() {
    for (int i = 0; i < 5; i++) {
      created(interviewer.accessToken(), "Question " + i, "easy", "general", "paged");
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Reply page = api.get("/api/questions?tag=paged&limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
        interviewer.accessToken());
      List<String> titles = titles(page);
      assertThat(titles).hasSizeLessThanOrEqualTo(2);
      seen.addAll(titles);
      cursor = page.json().getString("nextCursor");
      pages++;
    } while (cursor != null && pages < 10);
    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactly("Question 4", "Question 3", "Question 2", "Question 1", "Question 0");

    Reply bad = api.get("/api/questions?cursor=not-a-cursor", interviewer.accessToken());
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().getString("code")).isEqualTo("invalid_cursor");
  }

  @Test
  void listPagesComeFromRedisUntilAWriteBumpsTheGeneration() {
    String id = created(interviewer.accessToken(), "Original title", "easy", "general").getString("id");
    assertThat(search("")).containsExactly("Original title");
    assertThat(TestHttp.await(api.runtime().stores().redis().keys("cache:questions:*")).size())
      .as("the page is cached").isEqualTo(1);

    // a change behind the API's back is not seen: the page comes from Redis
    TestHttp.await(api.pool().preparedQuery("UPDATE questions SET title = 'Changed in SQL' WHERE id = $1")
      .execute(Tuple.of(UUID.fromString(id))));
    assertThat(search("")).containsExactly("Original title");

    created(interviewer.accessToken(), "Second", "easy", "general");
    assertThat(search("")).as("create bumps the generation").containsExactly("Second", "Changed in SQL");
    api.call(HttpMethod.PATCH, "/api/questions/" + id, admin.accessToken(), new JsonObject().put("title", "Patched"));
    assertThat(search("")).as("update bumps it").containsExactly("Second", "Patched");
    api.call(HttpMethod.DELETE, "/api/questions/" + id, admin.accessToken(), null);
    assertThat(search("")).as("delete bumps it").containsExactly("Second");
  }

  @Test
  void withoutRedisTheBankStillListsAndWrites() throws Exception {
    int dead;
    try (ServerSocket s = new ServerSocket(0)) {
      dead = s.getLocalPort();
    }
    try (TestApi noRedis = TestApi.start("redis://127.0.0.1:" + dead)) {
      String token = interviewer.accessToken();
      Reply made = create(noRedis, token, new JsonObject().put("title", "Without Redis").put("difficulty", "easy"));
      assertThat(made.status()).as(made.text()).isEqualTo(201);
      Reply page = noRedis.get("/api/questions", token);
      assertThat(titles(page)).containsExactly("Without Redis");
      noRedis.call(HttpMethod.PATCH, "/api/questions/" + made.json().getString("id"), token,
        new JsonObject().put("title", "Still without Redis"));
      assertThat(titles(noRedis.get("/api/questions", token))).containsExactly("Still without Redis");
    }
  }
}
