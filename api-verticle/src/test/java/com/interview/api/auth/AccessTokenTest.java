package com.interview.api.auth;

import com.interview.api.TestApi;
import com.interview.api.TestApi.User;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The HS256 access token as issued (claims, lifetime) and the tokens the API must refuse. */
class AccessTokenTest {

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

  private static void assertRefused(String token, String why) {
    Reply r = me(token);
    assertThat(r.status()).as(why + ": " + r.text()).isEqualTo(401);
    assertThat(r.json().getString("code")).isEqualTo("unauthorized");
  }

  @Test
  void anIssuedTokenNamesTheUserTheRoleItselfAndItsSessionAndLivesTheConfiguredTtl() {
    User u = api.register("claims@example.com");
    long now = Instant.now().getEpochSecond();
    assertThat(TestTokens.header(u.accessToken()).getString("alg")).isEqualTo("HS256");
    JsonObject claims = TestTokens.claims(u.accessToken());
    assertThat(claims.getString("sub")).isEqualTo(u.id().toString());
    assertThat(claims.getString("role")).isEqualTo("admin").isEqualTo(u.role());
    assertThat(claims.getString("iss")).isEqualTo(Tokens.ISSUER);
    assertThat(claims.getString("jti")).isNotBlank();
    assertThat(claims.getString("fam")).as("the session (refresh-token family)").isNotBlank();
    assertThat(claims.getLong("iat")).isBetween(now - 60, now + 1);
    assertThat(claims.getLong("exp") - claims.getLong("iat")).isEqualTo(TestApi.JWT.accessTtl().toSeconds()).isEqualTo(900);

    Reply refreshed = api.call(HttpMethod.POST, "/api/auth/refresh", null, new JsonObject().put("refreshToken", u.refreshToken()));
    JsonObject sameSession = TestTokens.claims(refreshed.json().getString("accessToken"));
    assertThat(sameSession.getString("fam")).as("a refresh stays in the session").isEqualTo(claims.getString("fam"));
    assertThat(sameSession.getString("jti")).as("every token has its own id").isNotEqualTo(claims.getString("jti"));
    JsonObject newSession = TestTokens.claims(api.login("claims@example.com").accessToken());
    assertThat(newSession.getString("fam")).as("a login opens a new session").isNotEqualTo(claims.getString("fam"));
  }

  @Test
  void aTokenSignedWithTheSecretIsTakenUntilItExpires() {
    User u = api.register("expiry@example.com");
    JsonObject claims = TestTokens.claims(u.accessToken());
    long now = Instant.now().getEpochSecond();

    String live = TestTokens.hs256(TestApi.JWT_SECRET, claims.copy().put("iat", now - 60).put("exp", now + 60));
    assertThat(me(live).status()).as("a hand-made token with the secret is good while it lives").isEqualTo(200);
    // expired a minute ago: well past the verifier's leeway of a few seconds
    assertRefused(TestTokens.hs256(TestApi.JWT_SECRET, claims.copy().put("iat", now - 960).put("exp", now - 60)), "expired");
  }

  @Test
  void tokensSignedWithAnotherSecretOrNotAtAllOrFromAnotherIssuerAreRefused() {
    User u = api.register("forged@example.com");
    JsonObject claims = TestTokens.claims(u.accessToken());
    assertThat(me(u.accessToken()).status()).isEqualTo(200);

    assertRefused(TestTokens.hs256("another-secret-another-secret-0123456789", claims), "another secret");
    assertRefused(TestTokens.unsigned(claims), "alg none");
    assertRefused(TestTokens.hs256(TestApi.JWT_SECRET, claims.copy().put("iss", "someone-else")), "another issuer");
  }
}
