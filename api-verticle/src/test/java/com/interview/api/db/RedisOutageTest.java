package com.interview.api.db;

import com.interview.api.TestApi;
import com.interview.api.TestApi.User;
import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis going away while the API runs and coming back — empty (a restart without persistence) or with what it held
 * (a persistent Redis, or one that was only unreachable). PostgreSQL answers reads meanwhile; refresh needs Redis;
 * nothing changed during the outage may be served from the cache afterwards.
 */
class RedisOutageTest {

  private RedisServerProcess redis;
  private TestApi api;
  private User admin;
  private String questionId;

  @BeforeEach
  void start(@TempDir Path dir) throws Exception {
    redis = RedisServerProcess.start(dir);
    api = TestApi.start(redis.url());
    api.reset();
    admin = api.admin();
    Reply created = api.call(HttpMethod.POST, "/api/questions", admin.accessToken(),
      new JsonObject().put("title", "Before the outage").put("difficulty", "easy"));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    questionId = created.json().getString("id");
    assertThat(firstTitle()).isEqualTo("Before the outage");
    assertThat(myName()).isEqualTo("Name of " + admin.email());
    assertThat(redisKeys("cache:*")).as("the page and the profile are cached").hasSize(3); // with the generation
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
    redis.close();
  }

  private String firstTitle() {
    Reply page = api.get("/api/questions", admin.accessToken());
    assertThat(page.status()).as(page.text()).isEqualTo(200);
    return page.json().getJsonArray("items").getJsonObject(0).getString("title");
  }

  private String myName() {
    Reply me = api.get("/api/users/me", admin.accessToken());
    assertThat(me.status()).as(me.text()).isEqualTo(200);
    return me.json().getString("name");
  }

  private Reply refresh(String refreshToken) {
    return api.call(HttpMethod.POST, "/api/auth/refresh", null, new JsonObject().put("refreshToken", refreshToken));
  }

  private List<String> redisKeys(String pattern) {
    return TestHttp.await(api.runtime().stores().redis().keys(pattern))
      .stream().map(Object::toString).toList();
  }

  private String questionsGeneration() {
    return String.valueOf(TestHttp.await(api.runtime().stores().redis().get("cache:gen:questions")));
  }

  /** Changes the question and the admin's name through the API while Redis is away. */
  private void changeDuringTheOutage() {
    assertThat(api.call(HttpMethod.PATCH, "/api/questions/" + questionId, admin.accessToken(),
      new JsonObject().put("title", "Changed during the outage")).status()).isEqualTo(200);
    assertThat(api.call(HttpMethod.PATCH, "/api/users/me", admin.accessToken(),
      new JsonObject().put("name", "Renamed during the outage")).status()).isEqualTo(200);
  }

  /** Waits until the API's own Redis client gets answers again. */
  private void awaitRedisBack() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      if (TestHttp.await(api.runtime().stores().pingRedis().map(true).otherwise(false))) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the API did not reach Redis again");
  }

  @Test
  void whileRedisIsDeadReadsComeFromPostgresAndRefreshIs503AndOnceRestartedEmptyItServesFreshData() throws Exception {
    redis.kill();

    assertThat(firstTitle()).isEqualTo("Before the outage");
    assertThat(myName()).isEqualTo("Name of " + admin.email());
    Reply refused = refresh(admin.refreshToken());
    assertThat(refused.status()).as(refused.text()).isEqualTo(503);
    assertThat(refused.json().getString("code")).isEqualTo("session_store_unavailable");
    changeDuringTheOutage();
    assertThat(firstTitle()).isEqualTo("Changed during the outage");

    redis.restart(); // empty: the sessions went with it
    awaitRedisBack();
    assertThat(refresh(admin.refreshToken()).status()).as("a session Redis lost").isEqualTo(401);
    User again = api.login(admin.email());
    Reply refreshed = refresh(again.refreshToken());
    assertThat(refreshed.status()).as(refreshed.text()).isEqualTo(200);
    assertThat(firstTitle()).isEqualTo("Changed during the outage");
    String generation = questionsGeneration();
    assertThat(firstTitle()).as("now from the cache again").isEqualTo("Changed during the outage");
    assertThat(redisKeys("cache:questions:*")).as("pages are cached again").isNotEmpty();
    assertThat(questionsGeneration()).as("the kept invalidation was sent once, not on every read").isEqualTo(generation);
    assertThat(myName()).isEqualTo("Renamed during the outage");
  }

  @Test
  void aRedisThatComesBackWithWhatItHeldServesNothingThatChangedWhileItWasAway() throws Exception {
    redis.shutdownSaving(); // the page and the profile cached above are in the snapshot

    assertThat(refresh(admin.refreshToken()).status()).isEqualTo(503);
    changeDuringTheOutage(); // their invalidations cannot reach Redis

    redis.restart();
    awaitRedisBack();
    assertThat(firstTitle()).isEqualTo("Changed during the outage");
    assertThat(myName()).isEqualTo("Renamed during the outage");
    assertThat(firstTitle()).as("and after it was cached again").isEqualTo("Changed during the outage");
    assertThat(myName()).isEqualTo("Renamed during the outage");
    assertThat(refresh(admin.refreshToken()).status()).as("the session outlived the outage").isEqualTo(200);
  }
}
