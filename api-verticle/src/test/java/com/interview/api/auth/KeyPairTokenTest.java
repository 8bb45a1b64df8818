package com.interview.api.auth;

import com.interview.api.TestApi;
import com.interview.api.TestApi.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RS256 and ES256 access tokens from PEM key files (PKCS#8 private, X.509 public), as {@code api.jwt.privateKey} /
 * {@code publicKey} configure them, next to an HS256 API on the same database: neither takes the other's tokens.
 */
class KeyPairTokenTest {

  private static TestApi hs256;

  @BeforeAll
  static void start() {
    hs256 = TestApi.start();
    hs256.reset();
  }

  @AfterAll
  static void stop() {
    hs256.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "ES256"})
  void aKeyPairSignsTokensItsApiTakesAndTokensOfAnHs256ApiAreRefused(String algorithm, @TempDir Path dir) throws Exception {
    KeyPair keys = generate(algorithm);
    Path privatePem = pem(dir.resolve("private.pem"), "PRIVATE KEY", keys.getPrivate().getEncoded());
    Path publicPem = pem(dir.resolve("public.pem"), "PUBLIC KEY", keys.getPublic().getEncoded());
    JwtConfig config = new JwtConfig(algorithm, "", privatePem.toString(), publicPem.toString(), Duration.ofMinutes(15),
      Duration.ofDays(7));
    try (TestApi keyed = TestApi.start(config)) {
      User u = keyed.register(algorithm.toLowerCase() + "@example.com");
      assertThat(TestTokens.header(u.accessToken()).getString("alg")).isEqualTo(algorithm);
      assertThat(TestTokens.claims(u.accessToken()).getString("sub")).isEqualTo(u.id().toString());
      assertThat(keyed.get("/api/users/me", u.accessToken()).status()).isEqualTo(200);

      User other = hs256.register("hs-" + algorithm.toLowerCase() + "@example.com"); // the same database knows them
      assertThat(hs256.get("/api/users/me", other.accessToken()).status()).isEqualTo(200);
      assertThat(keyed.get("/api/users/me", other.accessToken()).status()).as("an HS256 token").isEqualTo(401);
      assertThat(hs256.get("/api/users/me", u.accessToken()).status()).as("the other way round").isEqualTo(401);
      // algorithm confusion: the public key, known to all, used as an HMAC secret
      String confused = TestTokens.hs256(Files.readString(publicPem), TestTokens.claims(u.accessToken()));
      assertThat(keyed.get("/api/users/me", confused).status()).as("HS256 keyed with the public key").isEqualTo(401);
    }
  }

  static KeyPair generate(String algorithm) throws GeneralSecurityException {
    if (algorithm.equals("RS256")) {
      KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
      rsa.initialize(2048);
      return rsa.generateKeyPair();
    }
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    return ec.generateKeyPair();
  }

  static Path pem(Path file, String type, byte[] der) throws IOException {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
  }
}
