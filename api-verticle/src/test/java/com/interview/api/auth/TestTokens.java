package com.interview.api.auth;

import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/** JWTs taken apart and made by hand, independently of the library the API signs with. */
final class TestTokens {

  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private TestTokens() {
  }

  static JsonObject header(String token) {
    return part(token, 0);
  }

  static JsonObject claims(String token) {
    return part(token, 1);
  }

  /** A token signed HS256 with {@code secret}. */
  static String hs256(String secret, JsonObject claims) {
    String signingInput = encode(new JsonObject().put("alg", "HS256").put("typ", "JWT")) + "." + encode(claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return signingInput + "." + URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An unsecured token ({@code alg: none}, empty signature). */
  static String unsigned(JsonObject claims) {
    return encode(new JsonObject().put("alg", "none").put("typ", "JWT")) + "." + encode(claims) + ".";
  }

  private static String encode(JsonObject json) {
    return URL.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static JsonObject part(String token, int index) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[index]), StandardCharsets.UTF_8));
  }
}
