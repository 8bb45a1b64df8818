package com.interview.api.user;

import com.interview.api.common.ApiProblem;
import com.interview.api.common.Cursor;
import com.interview.api.common.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.UUID;

/** SQL of users. Rows become the {@code User} JSON of the contract; password hashes never leave this class but once. */
public final class UserRepository {

  private static final String COLUMNS = "id, email, name, role, avatar_url, created_at, updated_at";
  /** Serialises first registrations: the first account of an empty system becomes admin, exactly once. */
  private static final long REGISTRATION_LOCK = 0x1f2e3d4c5b6aL;

  private final Pool pool;

  public UserRepository(Pool pool) {
    this.pool = pool;
  }

  /** A stored account: its profile and password hash. */
  public record Account(JsonObject user, String passwordHash) {
    public UUID id() {
      return UUID.fromString(user.getString("id"));
    }

    public String role() {
      return user.getString("role");
    }
  }

  /**
   * Creates an account: admin when no account exists yet or the email is {@code adminEmail}, else candidate.
   * Fails 409 {@code email_taken} when the email (any case) is registered already.
   */
  public Future<JsonObject> create(String email, String name, String passwordHash, String adminEmail) {
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(REGISTRATION_LOCK))
      .compose(locked -> conn.preparedQuery("INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, "
          + "CASE WHEN lower($1) = lower($4) OR NOT EXISTS (SELECT 1 FROM users) THEN 'admin' ELSE 'candidate' END, $3) "
          + "RETURNING " + COLUMNS)
        .execute(Tuple.of(email, name, passwordHash, adminEmail == null ? "" : adminEmail))))
      .map(rows -> toJson(rows.iterator().next()))
      .recover(e -> Future.failedFuture("23505".equals(Rows.sqlState(e))
        ? new ApiProblem(409, "email_taken", "An account with this email exists already.") : e));
  }

  /**
   * Removes the account just created by {@link #create} when its registration cannot finish (no session could be
   * opened): nothing references it yet, and its email must be free for the retry.
   */
  public Future<Void> undoCreate(UUID id) {
    return pool.preparedQuery("DELETE FROM users WHERE id = $1").execute(Tuple.of(id)).mapEmpty();
  }

  /** The account with this email (any case), or null. */
  public Future<Account> findByEmail(String email) {
    return pool.preparedQuery("SELECT " + COLUMNS + ", password_hash FROM users WHERE lower(email) = lower($1)")
      .execute(Tuple.of(email))
      .map(rows -> rows.size() == 0 ? null : account(rows.iterator().next()));
  }

  /** The account with this id, or null. */
  public Future<Account> findAccount(UUID id) {
    return pool.preparedQuery("SELECT " + COLUMNS + ", password_hash FROM users WHERE id = $1").execute(Tuple.of(id))
      .map(rows -> rows.size() == 0 ? null : account(rows.iterator().next()));
  }

  /** The user, or null. */
  public Future<JsonObject> find(UUID id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM users WHERE id = $1").execute(Tuple.of(id))
      .map(rows -> rows.size() == 0 ? null : toJson(rows.iterator().next()));
  }

  /** Changes name and/or password hash (null = unchanged); the user, or null when absent. */
  public Future<JsonObject> update(UUID id, String name, String passwordHash) {
    return pool.preparedQuery("UPDATE users SET name = coalesce($2, name), password_hash = coalesce($3, password_hash), "
        + "updated_at = now() WHERE id = $1 RETURNING " + COLUMNS)
      .execute(Tuple.of(id, name, passwordHash))
      .map(UserRepository::firstOrNull);
  }

  /**
   * Changes a role; refuses (409 {@code last_admin}) to leave the system without an admin. Null when the user does
   * not exist. Serialised with registrations, so two admins cannot demote each other at once.
   */
  public Future<JsonObject> setRoleKeepingAnAdmin(UUID id, String role) {
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(REGISTRATION_LOCK))
      .compose(locked -> conn.preparedQuery("UPDATE users SET role = $2, updated_at = now() WHERE id = $1 RETURNING " + COLUMNS)
        .execute(Tuple.of(id, role)))
      .compose(updated -> conn.query("SELECT count(*) FROM users WHERE role = 'admin'").execute().compose(count -> {
        if (count.iterator().next().getLong(0) == 0) {
          return Future.failedFuture(new ApiProblem(409, "last_admin", "This would leave no admin; promote someone first."));
        }
        return Future.succeededFuture(firstOrNull(updated));
      })));
  }

  /**
   * Runs {@code work} in a transaction holding PostgreSQL's advisory lock on the avatar file {@code url}, so that
   * whatever is decided about one file — stored and shown by a user, or found unused and deleted — is decided by one
   * request at a time on every node (the uploads directory is shared). The two-key form keeps these locks apart from
   * the one-key registration lock.
   */
  public <T> Future<T> withAvatarFileLock(String url, java.util.function.Function<SqlClient, Future<T>> work) {
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock(2, hashtext($1))")
      .execute(Tuple.of(url)).compose(locked -> work.apply(conn)));
  }

  /** Sets the avatar URL; completes with {previous URL or null, the user}, or null when the user is gone. */
  public Future<JsonObject[]> setAvatar(SqlClient client, UUID id, String url) {
    return client.preparedQuery("UPDATE users u SET avatar_url = $2, updated_at = now() FROM "
        + "(SELECT avatar_url AS previous FROM users WHERE id = $1 FOR UPDATE) old WHERE u.id = $1 "
        + "RETURNING old.previous, u.id, u.email, u.name, u.role, u.avatar_url, u.created_at, u.updated_at")
      .execute(Tuple.of(id, url))
      .map(rows -> {
        if (rows.size() == 0) {
          return null;
        }
        Row row = rows.iterator().next();
        return new JsonObject[] {new JsonObject().put("previous", row.getString("previous")), toJson(row)};
      });
  }

  /** Whether any user's avatar is {@code url} (a file shared by equal images must stay while one shows it). */
  public Future<Boolean> avatarInUse(SqlClient client, String url) {
    return client.preparedQuery("SELECT EXISTS (SELECT 1 FROM users WHERE avatar_url = $1)").execute(Tuple.of(url))
      .map(rows -> rows.iterator().next().getBoolean(0));
  }

  /** A page of users, newest first, by role and/or a part of the name or email. */
  public Future<JsonObject> list(String role, String q, int limit, Cursor after) {
    String like = q == null ? null : "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM users WHERE ($1::text IS NULL OR role = $1) "
        + "AND ($2::text IS NULL OR name ILIKE $2 OR email ILIKE $2) "
        + "AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4)) ORDER BY created_at DESC, id DESC LIMIT $5")
      .execute(Tuple.of(role, like, after == null ? null : after.at(), after == null ? null : after.id(), limit + 1))
      .map(rows -> page(rows, limit));
  }

  /** Which of {@code ids} exist with one of {@code roles}. */
  public Future<List<UUID>> existing(List<UUID> ids, List<String> roles) {
    return pool.preparedQuery("SELECT id FROM users WHERE id = ANY($1) AND role = ANY($2)")
      .execute(Tuple.of(ids.toArray(new UUID[0]), roles.toArray(new String[0])))
      .map(rows -> {
        List<UUID> out = new java.util.ArrayList<>();
        rows.forEach(r -> out.add(r.getUUID("id")));
        return out;
      });
  }

  static JsonObject page(RowSet<Row> rows, int limit) {
    JsonArray items = new JsonArray();
    String next = null;
    int n = 0;
    Row last = null;
    for (Row row : rows) {
      if (n == limit) {
        next = new Cursor(last.getOffsetDateTime("created_at"), last.getUUID("id")).encode();
        break;
      }
      items.add(toJson(row));
      last = row;
      n++;
    }
    return new JsonObject().put("items", items).put("nextCursor", next);
  }

  private static JsonObject firstOrNull(RowSet<Row> rows) {
    return rows.size() == 0 ? null : toJson(rows.iterator().next());
  }

  private static Account account(Row row) {
    return new Account(toJson(row), row.getString("password_hash"));
  }

  /** The contract's {@code User}. */
  public static JsonObject toJson(Row row) {
    return new JsonObject()
      .put("id", Rows.id(row, "id"))
      .put("email", row.getString("email"))
      .put("name", row.getString("name"))
      .put("role", row.getString("role"))
      .put("avatarUrl", row.getString("avatar_url"))
      .put("createdAt", Rows.time(row, "created_at"))
      .put("updatedAt", Rows.time(row, "updated_at"));
  }
}
