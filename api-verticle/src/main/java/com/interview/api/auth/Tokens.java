package com.interview.api.auth;

import com.interview.api.common.ApiProblem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Access tokens: JWTs signed HS256 with {@code JWT_SECRET}, or RS256/ES256 with PEM keys, valid {@code accessTtl},
 * carrying {@code sub} (user id), {@code role}, {@code jti} and {@code fam} (the refresh-token family). They are
 * issued by vertx-auth-jwt and verified by {@link AccessTokenVerifier} (signature with the algorithm pinned, issuer,
 * expiry, claims); a verified token is accepted unless it or its session is revoked ({@link Revocations}).
 */
public final class Tokens {

  static final String ISSUER = "interview-backend";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final JWTAuth jwt;
  private final JWTOptions options;
  private final JwtConfig config;
  private final Revocations revocations;
  private final AccessTokenVerifier verifier;

  public Tokens(Vertx vertx, JwtConfig config, Revocations revocations) {
    this.config = config;
    this.revocations = revocations;
    JWTAuthOptions auth = new JWTAuthOptions().setJWTOptions(new JWTOptions().setIssuer(ISSUER)
      .setLeeway(AccessTokenVerifier.LEEWAY_SECONDS));
    if (config.algorithm().equals("HS256")) {
      auth.addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(config.secret()));
    } else {
      auth.addPubSecKey(new PubSecKeyOptions().setAlgorithm(config.algorithm()).setBuffer(read(config.privateKey())));
      auth.addPubSecKey(new PubSecKeyOptions().setAlgorithm(config.algorithm()).setBuffer(read(config.publicKey())));
    }
    this.jwt = JWTAuth.create(vertx, auth); // issues; verification is the verifier's
    this.verifier = new AccessTokenVerifier(JwsSignature.of(config), ISSUER);
    this.options = new JWTOptions().setAlgorithm(config.algorithm()).setIssuer(ISSUER)
      .setExpiresInSeconds((int) config.accessTtl().toSeconds());
  }

  /** Seconds an access token lives. */
  public long accessSeconds() {
    return config.accessTtl().toSeconds();
  }

  /** A new access token for {@code user} in the refresh-token {@code family}. */
  public String issue(UUID user, String role, String family) {
    JsonObject claims = new JsonObject().put("sub", user.toString()).put("role", role).put("jti", newId()).put("fam", family);
    return jwt.generateToken(claims, options);
  }

  /** The principal of a {@code Bearer} token, or a failed future with a 401 problem. */
  public Future<Principal> authenticate(String token) {
    Principal principal;
    try {
      principal = verified(token);
    } catch (ApiProblem refused) {
      return Future.failedFuture(refused);
    }
    List<String> keys = principal.family() == null ? List.of(Revocations.tokenKey(principal.jti()))
      : List.of(Revocations.tokenKey(principal.jti()), Revocations.sessionKey(principal.family()));
    return revocations.refused(keys).compose(refused -> refused
      ? Future.failedFuture(unauthorized("The session was logged out or revoked."))
      : Future.succeededFuture(principal));
  }

  /** The principal of a token whose signature, issuer, expiry and claims hold, revoked or not (benchmarked alone). */
  public Future<Principal> verify(String token) {
    try {
      return Future.succeededFuture(verified(token));
    } catch (ApiProblem refused) {
      return Future.failedFuture(refused);
    }
  }

  /** {@link #verify} without a future: the principal, or a 401 {@link ApiProblem}. */
  public Principal verified(String token) {
    try {
      return verifier.verify(token);
    } catch (AccessTokenVerifier.Refused refused) {
      throw unauthorized(refused.missingClaims() ? "The access token lacks its claims." : "The access token is invalid or expired.");
    }
  }

  /** Refuses {@code principal}'s token until it expires. */
  public Future<Void> deny(Principal principal) {
    return revocations.revokeToken(principal.jti(), principal.expiresAt().toEpochMilli());
  }

  public static ApiProblem unauthorized(String detail) {
    return new ApiProblem(401, "unauthorized", detail);
  }

  static String newId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static Buffer read(String file) {
    try {
      return Buffer.buffer(Files.readString(Path.of(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
