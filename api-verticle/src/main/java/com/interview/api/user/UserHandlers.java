package com.interview.api.user;

import com.interview.api.auth.Passwords;
import com.interview.api.auth.Principal;
import com.interview.api.common.Access;
import com.interview.api.common.ApiProblem;
import com.interview.api.common.Cursor;
import com.interview.api.contract.ApiCall;
import com.interview.api.contract.ApiResponse;
import com.interview.api.contract.OperationHandler;
import com.interview.api.db.Cache;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** Profiles and roles: getMe (cached), updateMe, listUsers, getUser, setUserRole. */
public final class UserHandlers {

  static final Duration PROFILE_TTL = Duration.ofMinutes(5);
  static final int DEFAULT_LIMIT = 20;

  private final UserRepository users;
  private final Passwords passwords;
  private final Cache cache;

  public UserHandlers(UserRepository users, Passwords passwords, Cache cache) {
    this.users = users;
    this.passwords = passwords;
    this.cache = cache;
  }

  public Map<String, OperationHandler> handlers() {
    return Map.of(
      "getMe", this::getMe,
      "updateMe", this::updateMe,
      "listUsers", this::listUsers,
      "getUser", this::getUser,
      "setUserRole", this::setUserRole);
  }

  /** The cache key of a user's profile (invalidate it on every change of the user). */
  public static String profileKey(UUID id) {
    return "cache:user:" + id;
  }

  private Future<ApiResponse> getMe(ApiCall call) {
    UUID me = call.caller().userId();
    return cache.get(profileKey(me), PROFILE_TTL, () -> users.find(me).map(u -> u == null ? null : u.toBuffer()))
      .map(profile -> {
        if (profile == null) {
          throw new ApiProblem(401, "unauthorized", "The account no longer exists.");
        }
        return ApiResponse.of(200, "application/json", profile);
      });
  }

  private Future<ApiResponse> updateMe(ApiCall call) {
    UUID me = call.caller().userId();
    JsonObject change = call.json();
    String name = change.getString("name");
    if (name != null && name.isBlank()) {
      throw ApiProblem.badRequest("validation_failed", "The name is empty.");
    }
    String password = change.getString("password");
    Future<String> hash = Future.succeededFuture();
    if (password != null) {
      String current = change.getString("currentPassword");
      if (current == null) {
        throw ApiProblem.badRequest("current_password_required", "Send currentPassword to change the password.");
      }
      hash = users.findAccount(me).compose(account -> account == null
          ? Future.failedFuture(new ApiProblem(401, "unauthorized", "The account no longer exists."))
          : passwords.verify(current, account.passwordHash()))
        .compose(ok -> ok ? passwords.hash(password)
          : Future.failedFuture(new ApiProblem(403, "wrong_password", "currentPassword is wrong.")));
    }
    return hash.compose(h -> users.update(me, name == null ? null : name.trim(), h))
      .compose(user -> cache.invalidate(profileKey(me)).map(v -> ApiResponse.json(200, user)));
  }

  private Future<ApiResponse> listUsers(ApiCall call) {
    Principal caller = call.caller();
    Access.require(caller.isStaff(), "Only admins and interviewers list people.");
    Object limit = call.queryParam("limit");
    return users.list((String) call.queryParam("role"), (String) call.queryParam("q"),
        limit == null ? DEFAULT_LIMIT : ((Number) limit).intValue(), Cursor.decode((String) call.queryParam("cursor")))
      .map(page -> ApiResponse.json(200, page));
  }

  private Future<ApiResponse> getUser(ApiCall call) {
    Principal caller = call.caller();
    UUID id = call.pathId("id");
    Access.require(caller.isStaff() || caller.userId().equals(id), "Only admins and interviewers see other people.");
    return users.find(id).map(user -> {
      if (user == null) {
        throw ApiProblem.notFound("No user " + id + ".");
      }
      return ApiResponse.json(200, user);
    });
  }

  private Future<ApiResponse> setUserRole(ApiCall call) {
    Access.require(call.caller().isAdmin(), "Only admins change roles.");
    UUID id = call.pathId("id");
    String role = call.json().getString("role");
    return users.setRoleKeepingAnAdmin(id, role).compose(user -> {
      if (user == null) {
        return Future.failedFuture(ApiProblem.notFound("No user " + id + "."));
      }
      return cache.invalidate(profileKey(id)).map(v -> ApiResponse.json(200, user));
    });
  }

}
