package com.interview.api.contract;

import com.interview.api.TestApi;
import com.interview.api.TestApi.User;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headers every answer of a kind carries: the {@code WWW-Authenticate} challenge of a 401 (RFC 6750 §3),
 * {@code Cache-Control: no-store} on answers holding tokens (RFC 6749 §5.1), the Content-Security-Policy of JSON
 * answers and the one of the Swagger UI page.
 */
class ResponseHeadersTest {

  private static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";

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

  private static Reply withAuthorization(String uri, String authorization) {
    return api.raw(HttpMethod.GET, uri, MultiMap.caseInsensitiveMultiMap().set("Authorization", authorization), null);
  }

  private static void assertChallenge(Reply r, String challenge) {
    assertThat(r.status()).as(r.text()).isEqualTo(401);
    assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(r.headers().getAll("WWW-Authenticate")).containsExactly(challenge);
  }

  @Test
  void every401ChallengesBearerAndSaysInvalidTokenWhenATokenWasRefused() {
    User u = api.register("challenge@example.com");
    assertChallenge(api.get("/api/users/me", null), "Bearer");
    assertChallenge(withAuthorization("/api/users/me", "Basic dXNlcjpwYXNz"), "Bearer");
    assertChallenge(api.get("/api/users/me", "not-a-jwt"), "Bearer error=\"invalid_token\"");
    String forged = u.accessToken().substring(0, u.accessToken().lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
    assertChallenge(api.get("/api/users/me", forged), "Bearer error=\"invalid_token\"");
    assertThat(api.call(HttpMethod.POST, "/api/auth/logout", u.accessToken(), null).status()).isEqualTo(204);
    assertChallenge(api.get("/api/users/me", u.accessToken()), "Bearer error=\"invalid_token\""); // revoked

    // credentials (login) and refresh tokens are not the bearer token: a plain challenge
    assertChallenge(api.call(HttpMethod.POST, "/api/auth/login", null,
      new JsonObject().put("email", "challenge@example.com").put("password", "wrong password here")), "Bearer");
    assertChallenge(api.call(HttpMethod.POST, "/api/auth/refresh", null,
      new JsonObject().put("refreshToken", "never-issued")), "Bearer");
    // answers other than 401 carry no challenge
    assertThat(api.get("/api/users/me", api.login("challenge@example.com").accessToken()).header("WWW-Authenticate")).isNull();
  }

  @Test
  void answersCarryingTokensAreNeverStored() {
    Reply register = api.call(HttpMethod.POST, "/api/auth/register", null, new JsonObject()
      .put("email", "nostore@example.com").put("name", "No Store").put("password", TestApi.PASSWORD));
    assertThat(register.status()).isEqualTo(201);
    assertThat(register.header("Cache-Control")).isEqualTo("no-store");
    Reply login = api.call(HttpMethod.POST, "/api/auth/login", null,
      new JsonObject().put("email", "nostore@example.com").put("password", TestApi.PASSWORD));
    assertThat(login.status()).isEqualTo(200);
    assertThat(login.header("Cache-Control")).isEqualTo("no-store");
    Reply refresh = api.call(HttpMethod.POST, "/api/auth/refresh", null,
      new JsonObject().put("refreshToken", login.json().getString("refreshToken")));
    assertThat(refresh.status()).isEqualTo(200);
    assertThat(refresh.header("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void jsonAnswersForbidEverythingAndTheDocsPageGetsAPolicyItRunsUnder() {
    User u = api.register("csp@example.com");
    assertThat(api.get("/api/users/me", u.accessToken()).header("Content-Security-Policy")).isEqualTo(API_POLICY);
    assertThat(api.get("/api/users/me", null).header("Content-Security-Policy")).isEqualTo(API_POLICY); // 401
    assertThat(api.get("/api/nothing-here", null).header("Content-Security-Policy")).isEqualTo(API_POLICY); // 404
    Reply index = api.raw(HttpMethod.GET, "/api", MultiMap.caseInsensitiveMultiMap().set("Accept", "application/json"), null);
    assertThat(index.header("Content-Type")).startsWith("application/json");
    assertThat(index.header("Content-Security-Policy")).isEqualTo(API_POLICY);

    Reply page = api.raw(HttpMethod.GET, "/api", MultiMap.caseInsensitiveMultiMap().set("Accept", "text/html"), null);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    String policy = page.header("Content-Security-Policy");
    assertThat(policy).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
      .doesNotContain("unsafe-eval");
    // what the page loads is allowed by its policy: its own scripts only (no inline script), styles, icons
    assertThat(page.text()).doesNotContainPattern("<script>").contains("src=\"/api/docs/swagger-ui-bundle.js\"",
      "src=\"/api/docs/init.js\"", "href=\"/api/docs/swagger-ui.css\"");
    for (String asset : new String[] {"swagger-ui-bundle.js", "init.js", "swagger-ui.css"}) {
      assertThat(api.get("/api/docs/" + asset, null).status()).as(asset).isEqualTo(200);
    }
  }
}
