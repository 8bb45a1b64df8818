package com.interview.api.auth;

import com.interview.api.common.ApiProblem;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link AccessTokenVerifier} on tokens issued by vertx-auth-jwt ({@link Tokens#issue}) and on tokens forged by hand
 * ({@link TestTokens}): what it takes, and everything it must refuse.
 */
class AccessTokenVerifierTest {

  private static final String SECRET = "a-test-secret-of-at-least-thirty-two-bytes";
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
  private static Vertx vertx;
  private static Tokens tokens;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    tokens = new Tokens(vertx, JwtConfig.hs256(SECRET, Duration.ofMinutes(15), Duration.ofDays(7)), null);
  }

  @AfterAll
  static void stop() {
    vertx.close();
  }

  private static JsonObject claims() {
    long now = Instant.now().getEpochSecond();
    return new JsonObject().put("sub", UUID.randomUUID().toString()).put("role", "interviewer").put("jti", "j-1")
      .put("fam", "f-1").put("iss", Tokens.ISSUER).put("iat", now).put("exp", now + 60);
  }

  private static String refusal(String token) {
    try {
      tokens.verified(token);
      return null;
    } catch (ApiProblem p) {
      assertThat(p.status()).isEqualTo(401);
      return p.detail();
    }
  }

  private static void assertRefused(String token, String why) {
    assertThat(refusal(token)).as(why).isEqualTo("The access token is invalid or expired.");
  }

  @Test
  void anIssuedTokenGivesItsPrincipal() {
    UUID user = UUID.randomUUID();
    Principal p = tokens.verified(tokens.issue(user, "candidate", "family-7"));
    assertThat(p.userId()).isEqualTo(user);
    assertThat(p.role()).isEqualTo("candidate");
    assertThat(p.family()).isEqualTo("family-7");
    assertThat(p.jti()).isNotBlank();
    assertThat(p.expiresAt()).isBetween(Instant.now().plusSeconds(890), Instant.now().plusSeconds(901));
    // the header is remembered after the first token: the second takes the short way and still gives its own claims
    assertThat(tokens.verified(tokens.issue(user, "admin", null)).role()).isEqualTo("admin");
    assertThat(tokens.verified(TestTokens.hs256(SECRET, claims().put("fam", null))).family()).isNull();
  }

  @Test
  void forgedAndDamagedTokensAreRefused() {
    JsonObject claims = claims();
    assertThat(refusal(TestTokens.hs256(SECRET, claims))).as("the hand-made original").isNull();
    assertRefused(TestTokens.hs256("another-secret-another-secret-0123456789", claims), "another secret");
    assertRefused(TestTokens.unsigned(claims), "alg none, no signature");
    assertRefused(signed("{\"alg\":\"none\",\"typ\":\"JWT\"}", claims), "alg none with an HS256 signature");
    assertRefused(signed("{\"alg\":\"HS512\",\"typ\":\"JWT\"}", claims), "another algorithm named");
    assertRefused(signed("{\"typ\":\"JWT\"}", claims), "no alg");
    assertRefused(signed("{\"alg\":\"HS256\",\"crit\":[\"exp\"]}", claims), "critical extensions");
    assertRefused(signed("[\"alg\",\"HS256\"]", claims), "a header that is no object");
    assertRefused(signed("{\"alg\":\"HS256\"} {}", claims), "content after the header");
    String good = TestTokens.hs256(SECRET, claims);
    String[] parts = good.split("\\.");
    assertRefused(parts[0] + "." + URL.encodeToString(claims.copy().put("role", "admin").encode().getBytes(StandardCharsets.UTF_8))
      + "." + parts[2], "claims changed under the signature");
    assertRefused(parts[0] + "." + parts[1] + "." + (parts[2].charAt(0) == 'A' ? 'B' : 'A') + parts[2].substring(1),
      "a changed signature");
    assertRefused(parts[0] + "." + parts[1] + "." + parts[2].substring(0, 10), "a short signature");
    assertRefused(parts[0] + "." + parts[1] + ".", "an empty signature");
    assertRefused(parts[0] + "." + parts[1], "two segments");
    assertRefused(good + "." + parts[2], "four segments");
    assertRefused(good + "=", "padding");
    assertRefused(" " + good, "a space");
    assertRefused("", "nothing");
    assertRefused("..", "empty segments");
  }

  @Test
  void theClaimsMustHoldIssuerExpiryAndTimes() {
    long now = Instant.now().getEpochSecond();
    assertRefused(TestTokens.hs256(SECRET, claims().put("iss", "someone-else")), "another issuer");
    assertRefused(TestTokens.hs256(SECRET, claims().put("iss", null)), "no issuer");
    assertRefused(TestTokens.hs256(SECRET, claims().put("exp", now - 6)), "expired past the leeway");
    assertThat(refusal(TestTokens.hs256(SECRET, claims().put("exp", now + 2)))).as("within the leeway").isNull();
    assertRefused(TestTokens.hs256(SECRET, claims().put("iat", now + 60)), "issued in the future");
    assertRefused(TestTokens.hs256(SECRET, claims().put("nbf", now + 60)), "not yet valid");
    assertThat(refusal(TestTokens.hs256(SECRET, claims().put("nbf", now - 1)))).as("valid since a second").isNull();
    assertThat(refusal(signedClaims(claims().encode().replace("{", "{\"iss\":\"someone-else\",")))).as("a claim twice")
      .isEqualTo("The access token lacks its claims.");
  }

  @Test
  void aGenuineTokenWithoutTheClaimsOfAnAccessTokenIsRefusedForThat() {
    String lacks = "The access token lacks its claims.";
    assertThat(refusal(TestTokens.hs256(SECRET, claims().put("sub", "not-a-uuid")))).isEqualTo(lacks);
    assertThat(refusal(TestTokens.hs256(SECRET, claims().put("sub", 42)))).isEqualTo(lacks);
    assertThat(refusal(TestTokens.hs256(SECRET, stripped("role")))).isEqualTo(lacks);
    assertThat(refusal(TestTokens.hs256(SECRET, stripped("jti")))).isEqualTo(lacks);
    assertThat(refusal(TestTokens.hs256(SECRET, stripped("exp")))).isEqualTo(lacks);
    assertThat(refusal(TestTokens.hs256(SECRET, claims().put("exp", "soon")))).isEqualTo(lacks);
    assertThat(refusal(signedClaims("[]"))).isEqualTo(lacks);
    // unknown claims, nested or not, are skipped
    assertThat(refusal(TestTokens.hs256(SECRET, claims().put("x", new JsonObject().put("exp", 1)).put("y", List.of(1, 2)))))
      .isNull();
  }

  @Test
  void eventLoopsVerifyAtOnceEachWithItsOwnMac() throws Exception {
    String token = tokens.issue(UUID.randomUUID(), "candidate", "f");
    String forged = TestTokens.hs256("another-secret-another-secret-0123456789", TestTokens.claims(token));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        runs.add(pool.submit(() -> {
          for (int i = 0; i < 2_000; i++) {
            if (refusal(token) != null || refusal(forged) == null) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> run : runs) {
        assertThat(run.get()).isTrue();
      }
    } finally {
      pool.shutdown();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "ES256"})
  void keyPairTokensVerifyWithThePublicKeyOnly(String algorithm, @TempDir Path dir) throws Exception {
    KeyPair keys = KeyPairTokenTest.generate(algorithm);
    Path privatePem = KeyPairTokenTest.pem(dir.resolve("private.pem"), "PRIVATE KEY", keys.getPrivate().getEncoded());
    Path publicPem = KeyPairTokenTest.pem(dir.resolve("public.pem"), "PUBLIC KEY", keys.getPublic().getEncoded());
    Tokens keyed = new Tokens(vertx, new JwtConfig(algorithm, "", privatePem.toString(), publicPem.toString(),
      Duration.ofMinutes(15), Duration.ofDays(7)), null);
    UUID user = UUID.randomUUID();
    String token = keyed.issue(user, "admin", "f");
    assertThat(keyed.verified(token).userId()).isEqualTo(user);

    String[] parts = token.split("\\.");
    String input = parts[0] + "." + URL.encodeToString(TestTokens.claims(token).put("role", "admin").put("x", 1).encode()
      .getBytes(StandardCharsets.UTF_8));
    String jdk = algorithm.equals("RS256") ? "SHA256withRSA" : "SHA256withECDSAinP1363Format";
    Signature s = Signature.getInstance(jdk);
    s.initSign(keys.getPrivate());
    s.update(input.getBytes(StandardCharsets.US_ASCII));
    String resigned = input + "." + URL.encodeToString(s.sign());
    assertThat(keyed.verified(resigned).userId()).as("signed by the private key with the JDK").isEqualTo(user);
    assertThatThrownBy(() -> keyed.verified(input + "." + parts[2])).as("another token's signature").isInstanceOf(ApiProblem.class);
    assertThatThrownBy(() -> keyed.verified(TestTokens.hs256(Files.readString(publicPem), TestTokens.claims(token))))
      .as("HS256 keyed with the public key").isInstanceOf(ApiProblem.class);
    assertThatThrownBy(() -> keyed.verified(tokens.issue(user, "admin", "f"))).as("an HS256 token")
      .isInstanceOf(ApiProblem.class);
    if (algorithm.equals("ES256")) {
      Signature der = Signature.getInstance("SHA256withECDSA");
      der.initSign(keys.getPrivate());
      der.update(input.getBytes(StandardCharsets.US_ASCII));
      assertThatThrownBy(() -> keyed.verified(input + "." + URL.encodeToString(der.sign())))
        .as("an ASN.1 DER signature, not JWS's R ‖ S").isInstanceOf(ApiProblem.class);
      assertThat(keyed.verified(resigned).userId()).as("and the thread's verifier still works").isEqualTo(user);
    }
  }

  private static JsonObject stripped(String claim) {
    JsonObject c = claims();
    c.remove(claim);
    return c;
  }

  private static String signed(String header, JsonObject claims) {
    return sign(URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
      + URL.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8)));
  }

  private static String signedClaims(String claims) {
    return sign(URL.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
      + URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8)));
  }

  private static String sign(String input) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return input + "." + URL.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
