package com.interview.api.auth;

import com.interview.api.common.ApiProblem;
import com.interview.api.contract.ApiCall;
import com.interview.api.contract.ApiResponse;
import com.interview.api.contract.OperationHandler;
import com.interview.api.user.UserRepository;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/** register, login, refresh, logout. */
public final class AuthHandlers {

  private static final Logger log = LoggerFactory.getLogger(AuthHandlers.class);
  private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  /** Verified when an email is unknown, so a wrong email costs as long as a wrong password. */
  private static final String DECOY_HASH =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0V0dnUpbQVRzX/ZQ9QzfqZyIsbf9/4eO12IM3b1S7XA";

  private final UserRepository users;
  private final Passwords passwords;
  private final Tokens tokens;
  private final RefreshTokens refreshTokens;
  private final LoginThrottle throttle;
  private final String adminEmail;

  public AuthHandlers(UserRepository users, Passwords passwords, Tokens tokens, RefreshTokens refreshTokens,
                      LoginThrottle throttle, String adminEmail) {
    this.users = users;
    this.passwords = passwords;
    this.tokens = tokens;
    this.refreshTokens = refreshTokens;
    this.throttle = throttle;
    this.adminEmail = adminEmail;
  }

  public Map<String, OperationHandler> handlers() {
    return Map.of(
      "register", this::register,
      "login", this::login,
      "refresh", this::refresh,
      "logout", this::logout);
  }

  private Future<ApiResponse> register(ApiCall call) {
    JsonObject body = call.json();
    String email = body.getString("email").trim();
    if (!EMAIL.matcher(email).matches()) {
      throw new ApiProblem(400, "validation_failed", "The email address is not valid.",
        new JsonArray().add(new JsonObject().put("field", "/email").put("message", "not an email address")));
    }
    String name = body.getString("name").trim();
    if (name.isEmpty()) {
      throw new ApiProblem(400, "validation_failed", "The name is empty.",
        new JsonArray().add(new JsonObject().put("field", "/name").put("message", "must not be blank")));
    }
    return passwords.hash(body.getString("password"))
      .compose(hash -> users.create(email, name, hash, adminEmail))
      .compose(user -> session(user).recover(failure -> undo(user, failure)))
      .map(s -> tokenAnswer(201, s));
  }

  /**
   * An account without a session would answer the client's retry with 409 {@code email_taken}: the registration
   * is undone and fails as a whole ({@code failure}, 503 {@code session_store_unavailable} when Redis is down).
   */
  private Future<JsonObject> undo(JsonObject user, Throwable failure) {
    String id = user.getString("id");
    return users.undoCreate(UUID.fromString(id)).transform(ar -> {
      if (ar.failed()) {
        log.error("registration of account " + id + " failed (" + failure.getMessage()
          + ") and the account could not be removed", ar.cause());
      }
      return Future.failedFuture(failure);
    });
  }

  private Future<ApiResponse> login(ApiCall call) {
    JsonObject body = call.json();
    String email = body.getString("email").trim();
    String password = body.getString("password");
    return throttle.lockedFor(email).compose(lockedMs -> {
      if (lockedMs > 0) {
        long seconds = Math.max(1, (lockedMs + 999) / 1000);
        return Future.succeededFuture(ApiResponse.problem(new ApiProblem(429, "account_locked",
          "Too many failed logins for this account; try again in " + seconds + " s.")).header("Retry-After", Long.toString(seconds)));
      }
      return users.findByEmail(email).compose(account -> passwords
        .verify(password, account == null ? DECOY_HASH : account.passwordHash())
        .compose(ok -> {
          if (account == null || !ok) {
            return throttle.failed(email).compose(v -> Future.failedFuture(
              new ApiProblem(401, "invalid_credentials", "The email or the password is wrong.")));
          }
          return throttle.succeeded(email).compose(v -> session(account.user())).map(s -> tokenAnswer(200, s));
        }));
    });
  }

  private Future<ApiResponse> refresh(ApiCall call) {
    return refreshTokens.rotate(call.json().getString("refreshToken"))
      .compose(rotation -> users.find(rotation.userId()).compose(user -> {
        if (user == null) {
          return refreshTokens.revoke(rotation.family())
            .transform(v -> Future.failedFuture(Tokens.unauthorized("The account no longer exists.")));
        }
        String access = tokens.issue(rotation.userId(), user.getString("role"), rotation.family());
        return Future.succeededFuture(tokenAnswer(200, sessionJson(access, rotation.token(), user)));
      }));
  }

  private Future<ApiResponse> logout(ApiCall call) {
    Principal me = call.caller();
    String presented = call.body() == null ? null : call.json().getString("refreshToken");
    Future<String> family = presented == null ? Future.succeededFuture(me.family())
      : refreshTokens.familyOf(presented, me.userId()).recover(e -> Future.succeededFuture(me.family()));
    // the presented refresh token is most often of the caller's own session: that session is revoked once
    return family
      .compose(f -> Future.join(refreshTokens.revoke(f),
        Objects.equals(f, me.family()) ? Future.succeededFuture() : refreshTokens.revoke(me.family()), tokens.deny(me)))
      .transform(ar -> ar.succeeded() ? Future.succeededFuture(ApiResponse.noContent())
        : Future.failedFuture(RefreshTokens.unavailable()));
  }

  /** An answer carrying tokens: never stored by any cache (RFC 6749 §5.1). */
  private static ApiResponse tokenAnswer(int status, JsonObject session) {
    return ApiResponse.json(status, session).header(HttpHeaders.CACHE_CONTROL, NO_STORE);
  }

  /** A new refresh-token family and an access token for {@code user}. */
  private Future<JsonObject> session(JsonObject user) {
    UUID id = UUID.fromString(user.getString("id"));
    return refreshTokens.open(id).map(rotation ->
      sessionJson(tokens.issue(id, user.getString("role"), rotation.family()), rotation.token(), user));
  }

  private JsonObject sessionJson(String access, String refresh, JsonObject user) {
    return new JsonObject()
      .put("accessToken", access)
      .put("refreshToken", refresh)
      .put("tokenType", "Bearer")
      .put("expiresIn", tokens.accessSeconds())
      .put("user", user);
  }
}
