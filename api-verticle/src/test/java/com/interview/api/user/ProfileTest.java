package com.interview.api.user;

import com.interview.api.TestApi;
import com.interview.api.TestApi.User;
import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Changing one's own profile and password, the Redis profile cache, and who sees whose profile. */
class ProfileTest {

  private static final String NEW_PASSWORD = "a brand new passphrase 42";

  private static TestApi api;

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
  }

  private static Reply patchMe(User u, JsonObject change) {
    return api.call(HttpMethod.PATCH, "/api/users/me", u.accessToken(), change);
  }

  private static Reply login(String email, String password) {
    return api.call(HttpMethod.POST, "/api/auth/login", null, new JsonObject().put("email", email).put("password", password));
  }

  private static boolean profileCached(User u) {
    return TestHttp.await(api.runtime().stores().redis().exists(List.of(UserHandlers.profileKey(u.id())))).toInteger() > 0;
  }

  @Test
  void theRightCurrentPasswordChangesItAndOnlyTheNewOneLogsInThen() {
    User u = api.register("changer@example.com");
    Reply changed = patchMe(u, new JsonObject().put("password", NEW_PASSWORD).put("currentPassword", TestApi.PASSWORD));
    assertThat(changed.status()).as(changed.text()).isEqualTo(200);
    assertThat(changed.json().containsKey("passwordHash")).isFalse();

    assertThat(login("changer@example.com", NEW_PASSWORD).status()).isEqualTo(200);
    Reply old = login("changer@example.com", TestApi.PASSWORD);
    assertThat(old.status()).isEqualTo(401);
    assertThat(old.json().getString("code")).isEqualTo("invalid_credentials");
  }

  @Test
  void aWrongCurrentPasswordIs403AndChangesNothing() {
    User u = api.register("guesser@example.com");
    Reply wrong = patchMe(u, new JsonObject().put("password", NEW_PASSWORD).put("currentPassword", "not my password")
      .put("name", "Renamed on the way"));
    assertThat(wrong.status()).as(wrong.text()).isEqualTo(403);
    assertThat(wrong.json().getString("code")).isEqualTo("wrong_password");

    assertThat(login("guesser@example.com", TestApi.PASSWORD).status()).isEqualTo(200);
    assertThat(login("guesser@example.com", NEW_PASSWORD).status()).isEqualTo(401);
    assertThat(api.get("/api/users/me", u.accessToken()).json().getString("name")).isEqualTo("Name of guesser@example.com");
  }

  @Test
  void renamingOneselfShowsAtOnceThoughTheProfileWasCached() {
    User u = api.register("renamer@example.com");
    assertThat(api.get("/api/users/me", u.accessToken()).json().getString("name")).isEqualTo("Name of renamer@example.com");
    assertThat(profileCached(u)).as("GET /me cached the profile").isTrue();

    assertThat(patchMe(u, new JsonObject().put("name", "New Name")).status()).isEqualTo(200);
    assertThat(api.get("/api/users/me", u.accessToken()).json().getString("name")).isEqualTo("New Name");
  }

  @Test
  void aRoleAnAdminChangesShowsAtOnceToTheAdminAndInTheUsersOwnCachedProfile() {
    User admin = api.register("first@example.com");
    User candidate = api.candidate();
    assertThat(api.get("/api/users/me", candidate.accessToken()).json().getString("role")).isEqualTo("candidate");
    assertThat(api.get("/api/users/" + candidate.id(), admin.accessToken()).json().getString("role")).isEqualTo("candidate");
    assertThat(profileCached(candidate)).isTrue();

    Reply promoted = api.call(HttpMethod.PUT, "/api/users/" + candidate.id() + "/role", admin.accessToken(),
      new JsonObject().put("role", "interviewer"));
    assertThat(promoted.status()).as(promoted.text()).isEqualTo(200);
    assertThat(api.get("/api/users/" + candidate.id(), admin.accessToken()).json().getString("role")).isEqualTo("interviewer");
    assertThat(api.get("/api/users/me", candidate.accessToken()).json().getString("role"))
      .as("the cached profile was dropped").isEqualTo("interviewer");
  }

  @Test
  void aCandidateSeesOnlyThemselvesAndLearnsNothingOfOthers() {
    User admin = api.register("first@example.com");
    User candidate = api.candidate();
    User other = api.candidate();

    Reply own = api.get("/api/users/" + candidate.id(), candidate.accessToken());
    assertThat(own.status()).isEqualTo(200);
    assertThat(own.json().getString("email")).isEqualTo(candidate.email());
    for (User someone : List.of(other, admin)) {
      Reply r = api.get("/api/users/" + someone.id(), candidate.accessToken());
      assertThat(r.status()).as(r.text()).isEqualTo(403);
      assertThat(r.json().getString("code")).isEqualTo("forbidden");
      assertThat(r.text()).doesNotContain(someone.email(), someone.id().toString(), "Name of");
    }
    Reply nobody = api.get("/api/users/00000000-0000-0000-0000-000000000001", candidate.accessToken());
    assertThat(nobody.status()).as("the same answer whether or not the id exists").isEqualTo(403);
  }
}
