package com.interview.api.auth;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Verifies an access token (a compact JWS, RFC 7515) as every authenticated request does, with the objects it needs
 * and no others: vertx-auth-jwt's {@code JWTAuth.authenticate} parses header and claims into {@code JsonObject}s,
 * builds a {@code User} with copies of the claims and verifies HMACs under a lock shared by all event loops — in
 * the running API that was 15 % of the CPU against 2.8 µs alone. The checks are those of the library, or stricter:
 * <ul>
 *   <li>three base64url segments (no padding), a signature present;
 *   <li>the header a JSON object whose {@code alg} is the configured algorithm (pinned: no {@code none}, no HS256
 *       keyed with a public key), without {@code crit}; a header that passed is remembered, so the one header this
 *       API issues is parsed once;
 *   <li>the signature over {@code header.claims} ({@link JwsSignature}), before the claims are read;
 *   <li>the claims a JSON object (a claim twice is refused) with {@code iss} = {@link Tokens#ISSUER}, {@code exp}
 *       not past and {@code iat}, {@code nbf} (when present) not ahead, each with {@link #LEEWAY_SECONDS};
 *   <li>{@code sub} a UUID and {@code role}, {@code jti} strings ({@code fam} may be absent).
 * </ul>
 * Thread-safe; revocation is checked apart ({@link Tokens#authenticate}).
 */
public final class AccessTokenVerifier {

  /** Clock skew allowed on {@code exp}, {@code iat} and {@code nbf}, as the tokens are issued with. */
  public static final int LEEWAY_SECONDS = 5;
  private static final JsonFactory JSON = JsonFactory.builder()
    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

  private final JwsSignature signature;
  private final String issuer;
  private volatile String acceptedHeader = "";

  public AccessTokenVerifier(JwsSignature signature, String issuer) {
    this.signature = signature;
    this.issuer = issuer;
  }

  /** Why a token is refused. */
  public static final class Refused extends Exception {
    private final boolean claims;

    Refused(String message, boolean claims) {
      super(message, null, false, false); // refused tokens are common: no stack trace
      this.claims = claims;
    }

    /** True when the token is genuine but lacks the claims of an access token. */
    public boolean missingClaims() {
      return claims;
    }
  }

  /** The principal of {@code token}, or {@link Refused}. */
  public Principal verify(String token) throws Refused {
    long now = System.currentTimeMillis() / 1000;
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    // the decoder refuses what is not base64url in each segment, but would take padding
    if (first <= 0 || second < 0 || second == first + 1 || second == token.length() - 1 || token.indexOf('=') >= 0) {
      throw new Refused("not a signed JWS in compact form", false);
    }
    String header = token.substring(0, first);
    if (!header.equals(acceptedHeader)) {
      checkHeader(decode(header));
      acceptedHeader = header;
    }
    byte[] signingInput = token.substring(0, second).getBytes(StandardCharsets.US_ASCII);
    if (!signature.verify(signingInput, decode(token.substring(second + 1)))) {
      throw new Refused("signature verification failed", false);
    }
    return claims(decode(token.substring(first + 1, second)), now);
  }

  private void checkHeader(byte[] json) throws Refused {
    String alg = null;
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new Refused("the header is no JSON object", false);
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("alg")) {
          alg = value == JsonToken.VALUE_STRING ? p.getText() : null;
        } else if (name.equals("crit")) { // extensions we would have to understand (RFC 7515 §4.1.11)
          throw new Refused("the header has critical extensions", false);
        }
        p.skipChildren();
      }
      if (p.nextToken() != null) {
        throw new Refused("content after the header", false);
      }
    } catch (IOException e) {
      throw new Refused("the header is no JSON: " + e.getMessage(), false);
    }
    if (!signature.algorithm().equals(alg)) {
      throw new Refused("alg " + alg + " (expected: " + signature.algorithm() + ")", false);
    }
  }

  private Principal claims(byte[] json, long now) throws Refused {
    String iss = null;
    String sub = null;
    String role = null;
    String jti = null;
    String fam = null;
    Long exp = null;
    Long iat = null;
    Long nbf = null;
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new Refused("the claims are no JSON object", true);
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "iss" -> iss = text(p, value);
          case "sub" -> sub = text(p, value);
          case "role" -> role = text(p, value);
          case "jti" -> jti = text(p, value);
          case "fam" -> fam = text(p, value);
          case "exp" -> exp = seconds(p, value);
          case "iat" -> iat = seconds(p, value);
          case "nbf" -> nbf = seconds(p, value);
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw new Refused("content after the claims", true);
      }
    } catch (IOException e) {
      throw new Refused("the claims are no JSON: " + e.getMessage(), true);
    }
    if (!issuer.equals(iss)) {
      throw new Refused("issuer " + iss, false);
    }
    if (exp != null && now - LEEWAY_SECONDS >= exp || iat != null && iat > now + LEEWAY_SECONDS
      || nbf != null && nbf > now + LEEWAY_SECONDS) {
      throw new Refused("expired or not yet valid", false);
    }
    if (exp == null || sub == null || role == null || jti == null) {
      throw new Refused("sub, role, jti and exp are required", true);
    }
    try {
      return new Principal(UUID.fromString(sub), role, jti, fam, Instant.ofEpochSecond(exp));
    } catch (IllegalArgumentException e) {
      throw new Refused("sub is no UUID", true);
    }
  }

  private static String text(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    p.skipChildren();
    return null; // null, or not a string: absent
  }

  private static Long seconds(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
      return p.getValueAsLong(); // NumericDate may have a fraction (RFC 7519 §2)
    }
    p.skipChildren();
    return null;
  }

  private static byte[] decode(String segment) throws Refused {
    try {
      return BASE64URL.decode(segment);
    } catch (IllegalArgumentException e) {
      throw new Refused("not base64url", false);
    }
  }
}
