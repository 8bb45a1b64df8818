package com.interview.api.auth;

import com.interview.api.ContractConformance;
import com.interview.api.TestApi;
import com.interview.api.TestApi.User;
import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/** Accounts and tokens against the real PostgreSQL and Redis. */
class AuthFlowTest {

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

  private static Reply me(String token) {
    return api.get("/api/users/me", token);
  }

  private static Reply refresh(String refreshToken) {
    return api.call(HttpMethod.POST, "/api/auth/refresh", null, new JsonObject().put("refreshToken", refreshToken));
  }

  @Test
  void theFirstAccountIsAdminTheNextAreCandidatesAndEmailsAreUniqueWhateverTheCase() {
    User first = api.register("First@Example.com");
    User second = api.register("second@example.com");
    assertThat(first.role()).isEqualTo("admin");
    assertThat(second.role()).isEqualTo("candidate");

    Reply dup = api.call(HttpMethod.POST, "/api/auth/register", null,
      new JsonObject().put("email", "first@example.COM").put("name", "x").put("password", TestApi.PASSWORD));
    assertThat(dup.status()).isEqualTo(409);
    assertThat(dup.json().getString("code")).isEqualTo("email_taken");
    assertThat(dup.header("Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  void badRegistrationsNameTheFields() {
    Reply shortPassword = api.call(HttpMethod.POST, "/api/auth/register", null,
      new JsonObject().put("email", "a@example.com").put("name", "A").put("password", "short"));
    assertThat(shortPassword.status()).isEqualTo(400);
    assertThat(shortPassword.json().getString("code")).isEqualTo("validation_failed");
    assertThat(shortPassword.json().getJsonArray("errors").encode()).contains("/password");

    Reply badEmail = api.call(HttpMethod.POST, "/api/auth/register", null,
      new JsonObject().put("email", "not-an-email").put("name", "A").put("password", TestApi.PASSWORD));
    assertThat(badEmail.status()).isEqualTo(400);
    assertThat(badEmail.json().getJsonArray("errors").encode()).contains("/email");

    Reply extra = api.call(HttpMethod.POST, "/api/auth/register", null,
      new JsonObject().put("email", "a@example.com").put("name", "A").put("password", TestApi.PASSWORD).put("role", "admin"));
    assertThat(extra.status()).isEqualTo(400); // additionalProperties: false — nobody picks their own role

    Reply notJson = api.call(HttpMethod.POST, "/api/auth/register", (String) null, io.vertx.core.buffer.Buffer.buffer("{"));
    assertThat(notJson.status()).isIn(400, 415);
  }

  @Test
  void loginGivesWorkingTokensAndWrongPasswordsAre401() {
    api.register("login@example.com");
    User u = api.login("LOGIN@example.com");
    Reply profile = me(u.accessToken());
    assertThat(profile.status()).as(profile.text()).isEqualTo(200);
    assertThat(profile.json().getString("email")).isEqualTo("login@example.com");
    assertThat(profile.json().containsKey("passwordHash")).isFalse();

    Reply wrong = api.call(HttpMethod.POST, "/api/auth/login", null,
      new JsonObject().put("email", "login@example.com").put("password", "wrong password!"));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.json().getString("code")).isEqualTo("invalid_credentials");
    Reply unknown = api.call(HttpMethod.POST, "/api/auth/login", null,
      new JsonObject().put("email", "nobody@example.com").put("password", "wrong password!"));
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(unknown.json().getString("code")).isEqualTo("invalid_credentials");
  }

  @Test
  void protectedOperationsNeedAValidToken() {
    assertThat(me(null).status()).isEqualTo(401);
    assertThat(me(null).json().getString("code")).isEqualTo("unauthorized");
    assertThat(me("garbage").status()).isEqualTo(401);
    User u = api.register("tamper@example.com");
    String[] parts = u.accessToken().split("\\.");
    String forged = parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 2) + "AA";
    assertThat(me(forged).status()).isEqualTo(401);
  }

  @Test
  void refreshRotatesAndAReusedTokenRevokesTheWholeFamily() {
    User u = api.register("rotate@example.com");
    Reply first = refresh(u.refreshToken());
    assertThat(first.status()).isEqualTo(200);
    String second = first.json().getString("refreshToken");
    assertThat(second).isNotEqualTo(u.refreshToken());
    assertThat(me(first.json().getString("accessToken")).status()).isEqualTo(200);

    Reply reuse = refresh(u.refreshToken()); // the rotated token comes back: stolen
    assertThat(reuse.status()).isEqualTo(401);
    assertThat(reuse.json().getString("code")).isEqualTo("refresh_token_reused");
    Reply afterRevocation = refresh(second); // the legitimate holder's newer token is dead too
    assertThat(afterRevocation.status()).isEqualTo(401);
    // and so is every access token of the session, old or new: whoever replayed it holds one too
    assertThat(me(u.accessToken()).status()).isEqualTo(401);
    Reply revoked = me(first.json().getString("accessToken"));
    assertThat(revoked.status()).isEqualTo(401);
    assertThat(revoked.json().getString("detail")).contains("revoked");

    User again = api.login("rotate@example.com"); // a new login is a new family
    assertThat(refresh(again.refreshToken()).status()).isEqualTo(200);
    assertThat(refresh("never-issued").status()).isEqualTo(401);
  }

  @Test
  void logoutPresentingSomeoneElsesRefreshTokenRevokesOnlyOnesOwnSession() {
    User victim = api.register("victim@example.com");
    User other = api.register("other@example.com");
    Reply out = api.call(HttpMethod.POST, "/api/auth/logout", other.accessToken(),
      new JsonObject().put("refreshToken", victim.refreshToken()));
    assertThat(out.status()).isEqualTo(204);
    assertThat(me(other.accessToken()).status()).isEqualTo(401);
    assertThat(me(victim.accessToken()).status()).isEqualTo(200);
    assertThat(refresh(victim.refreshToken()).status()).isEqualTo(200);
  }

  @Test
  void logoutRevokesTheRefreshFamilyAndDenyListsTheAccessToken() {
    User u = api.register("logout@example.com");
    assertThat(me(u.accessToken()).status()).isEqualTo(200);
    Reply out = api.call(HttpMethod.POST, "/api/auth/logout", u.accessToken(), new JsonObject().put("refreshToken", u.refreshToken()));
    assertThat(out.status()).isEqualTo(204);
    Reply denied = me(u.accessToken());
    assertThat(denied.status()).isEqualTo(401);
    assertThat(denied.json().getString("detail")).contains("logged out");
    assertThat(refresh(u.refreshToken()).status()).isEqualTo(401);
    assertThat(api.call(HttpMethod.POST, "/api/auth/logout", (String) null, null).status()).isEqualTo(401);
  }

  @Test
  void tenFailedLoginsLockTheAccountEvenForTheRightPassword() {
    api.register("locked@example.com");
    for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
      Reply r = api.call(HttpMethod.POST, "/api/auth/login", null,
        new JsonObject().put("email", "locked@example.com").put("password", "wrong password " + i));
      assertThat(r.status()).as("attempt %d", i).isEqualTo(401);
    }
    Reply locked = api.call(HttpMethod.POST, "/api/auth/login", null,
      new JsonObject().put("email", "Locked@example.com").put("password", TestApi.PASSWORD));
    assertThat(locked.status()).isEqualTo(429);
    assertThat(locked.json().getString("code")).isEqualTo("account_locked");
    assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(1L, 15 * 60L);
    api.register("other@example.com");
    assertThat(api.login("other@example.com").accessToken()).isNotEmpty(); // per account, not global
  }

  @Test
  void withoutRedisTokensStillWorkAndRefreshLoginAndLogoutSay503() {
    User u = api.register("outage@example.com");
    try (TestApi noRedis = TestApi.start(deadRedis())) {
      Reply profile = noRedis.get("/api/users/me", u.accessToken()); // deny-list and cache skipped, PostgreSQL answers
      assertThat(profile.status()).isEqualTo(200);
      ContractConformance contract = new ContractConformance(noRedis);
      assertSessionStoreUnavailable(contract, "refresh", noRedis.call(HttpMethod.POST, "/api/auth/refresh", null,
        new JsonObject().put("refreshToken", u.refreshToken())));
      // refresh tokens live only in Redis: a login could not hand one out
      assertSessionStoreUnavailable(contract, "login", noRedis.call(HttpMethod.POST, "/api/auth/login", null,
        new JsonObject().put("email", "outage@example.com").put("password", TestApi.PASSWORD)));
      // nor could a logout revoke the session or deny-list the token
      assertSessionStoreUnavailable(contract, "logout", noRedis.call(HttpMethod.POST, "/api/auth/logout", u.accessToken(),
        new JsonObject().put("refreshToken", u.refreshToken())));
    }
  }

  @Test
  void aRegistrationWithoutRedisLeavesNoAccountSoARetryWorksOnceRedisIsBack() {
    JsonObject registration = new JsonObject().put("email", "retry@example.com").put("name", "Retry")
      .put("password", TestApi.PASSWORD);
    try (TestApi noRedis = TestApi.start(deadRedis())) {
      assertSessionStoreUnavailable(new ContractConformance(noRedis), "register",
        noRedis.call(HttpMethod.POST, "/api/auth/register", null, registration));
    }
    long accounts = TestHttp.await(api.pool().preparedQuery("SELECT count(*) FROM users WHERE email = $1")
      .execute(Tuple.of("retry@example.com"))).iterator().next().getLong(0);
    assertThat(accounts).as("accounts left by the failed registration").isZero();

    User retried = api.register("retry@example.com");
    assertThat(retried.role()).isEqualTo("admin"); // still the first account of the system
    assertThat(me(retried.accessToken()).status()).isEqualTo(200);
  }

  private static void assertSessionStoreUnavailable(ContractConformance contract, String operationId, Reply r) {
    contract.conform(operationId, 503, r);
    assertThat(r.json().getString("code")).isEqualTo("session_store_unavailable");
  }

  /** A Redis URL nothing listens on. */
  private static String deadRedis() {
    try (ServerSocket s = new ServerSocket(0)) {
      return "redis://127.0.0.1:" + s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
