package com.interview.api.user;

import com.interview.api.TestApi;
import com.interview.api.TestApi.User;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Who becomes admin, who may list users and change roles, and that the system always keeps an admin. */
class UserAdministrationTest {

  private static TestApi api;

  @BeforeAll
  static void start() {
    api = TestApi.start(TestApi.REDIS_URL, "Boss@Example.com");
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @BeforeEach
  void reset() {
    api.reset();
  }

  private Reply setRole(User by, User target, String role) {
    return api.call(HttpMethod.PUT, "/api/users/" + target.id() + "/role", by.accessToken(), new JsonObject().put("role", role));
  }

  @Test
  void theFirstAccountAndTheConfiguredAdminEmailAreAdminsEveryoneElseACandidate() {
    assertThat(api.register("first@example.com").role()).isEqualTo("admin");
    assertThat(api.register("second@example.com").role()).isEqualTo("candidate");
    assertThat(api.register("boss@example.COM").role()).as("api.adminEmail, any case").isEqualTo("admin");
    assertThat(api.register("third@example.com").role()).isEqualTo("candidate");
  }

  @Test
  void onlyAdminsListUsersAndChangeRoles() {
    User admin = api.register("first@example.com");
    User interviewer = api.interviewer();
    User candidate = api.candidate();

    assertThat(api.get("/api/users", candidate.accessToken()).status()).isEqualTo(403);
    Reply listed = api.get("/api/users?role=candidate", interviewer.accessToken());
    assertThat(listed.status()).as("interviewers look up candidates to invite").isEqualTo(200);
    JsonArray items = listed.json().getJsonArray("items");
    assertThat(items).hasSize(1);
    assertThat(items.getJsonObject(0).getString("id")).isEqualTo(candidate.id().toString());
    assertThat(items.getJsonObject(0).containsKey("passwordHash")).isFalse();

    Reply refused = setRole(interviewer, candidate, "interviewer");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().getString("code")).isEqualTo("forbidden");

    Reply promoted = setRole(admin, candidate, "interviewer");
    assertThat(promoted.status()).isEqualTo(200);
    assertThat(promoted.json().getString("role")).isEqualTo("interviewer");
    // the access token carries the role it was issued with; the next refresh carries the new one
    Reply refreshed = api.call(HttpMethod.POST, "/api/auth/refresh", null,
      new JsonObject().put("refreshToken", candidate.refreshToken()));
    assertThat(refreshed.json().getJsonObject("user").getString("role")).isEqualTo("interviewer");
    assertThat(api.get("/api/users?role=candidate", refreshed.json().getString("accessToken")).status()).isEqualTo(200);

    Reply bad = setRole(admin, candidate, "superuser");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(api.call(HttpMethod.PUT, "/api/users/00000000-0000-0000-0000-000000000000/role", admin.accessToken(),
      new JsonObject().put("role", "admin")).status()).isEqualTo(404);
  }

  @Test
  void theLastAdminCannotBeDemotedButOneOfTwoCan() {
    User admin = api.register("first@example.com");
    User other = api.candidate();

    Reply alone = setRole(admin, admin, "interviewer");
    assertThat(alone.status()).isEqualTo(409);
    assertThat(alone.json().getString("code")).isEqualTo("last_admin");
    assertThat(api.get("/api/users/" + admin.id(), admin.accessToken()).json().getString("role"))
      .as("nothing changed").isEqualTo("admin");

    assertThat(setRole(admin, other, "admin").status()).isEqualTo(200);
    Reply stepDown = setRole(admin, admin, "interviewer");
    assertThat(stepDown.status()).isEqualTo(200);
    assertThat(stepDown.json().getString("role")).isEqualTo("interviewer");
  }
}
