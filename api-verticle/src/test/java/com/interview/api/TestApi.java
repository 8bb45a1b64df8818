package com.interview.api;

import com.interview.api.auth.JwtConfig;
import com.interview.api.db.DatabaseConfig;
import com.interview.api.db.RedisConfig;
import com.interview.api.upload.UploadsConfig;
import com.interview.testing.TestHttp;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The real API in the test JVM: an {@link ApiRuntime} on the real PostgreSQL and Redis ({@code DATABASE_URL} /
 * {@code REDIS_URL}, else the local {@code interview_test} database — created when missing — and Redis db 15) and an
 * {@link ApiVerticle} on port 0, called over its HTTP port. {@link #reset()} empties the tables and the Redis db.
 */
public final class TestApi implements AutoCloseable {

  public static final String DATABASE_URL = env("DATABASE_URL", "postgresql://postgres:postgres@127.0.0.1:5432/interview_test");
  public static final String REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379/15");
  public static final String PASSWORD = "correct horse battery staple";
  /** The HS256 secret of every API {@link #start()} boots (tests forge tokens with it). */
  public static final String JWT_SECRET = "test-secret-test-secret-test-secret-0123";
  /** The token settings of every API {@link #start()} boots: HS256, 15 min access tokens, 7 d refresh tokens. */
  public static final JwtConfig JWT = JwtConfig.hs256(JWT_SECRET, Duration.ofMinutes(15), Duration.ofDays(7));

  private final Vertx vertx;
  private final ApiRuntime runtime;
  private final int port;
  private final TestHttp http;
  private final Path uploads;

  private TestApi(Vertx vertx, ApiRuntime runtime, int port, Path uploads) {
    this.vertx = vertx;
    this.runtime = runtime;
    this.port = port;
    this.http = new TestHttp(vertx);
    this.uploads = uploads;
  }

  /** Starts an API with the given Redis URL (tests of Redis outages pass a dead port). */
  public static TestApi start(String redisUrl) {
    return start(redisUrl, "");
  }

  /** Starts an API whose {@code api.adminEmail} is {@code adminEmail} ("" = none). */
  public static TestApi start(String redisUrl, String adminEmail) {
    return start(redisUrl, adminEmail, JWT);
  }

  /** Starts an API on the test Redis whose tokens follow {@code jwt} (RS256/ES256 keys, other lifetimes). */
  public static TestApi start(JwtConfig jwt) {
    return start(REDIS_URL, "", jwt);
  }

  /** The API on {@code databaseUrl} (e.g. through a forwarder a test can cut) instead of {@link #DATABASE_URL}. */
  public static TestApi startOnDatabase(String databaseUrl) {
    return start(databaseUrl, REDIS_URL, "", JWT);
  }

  /** The API with {@code shutdownTimeout} as its grace period for open requests and streams (default 5 s). */
  public static TestApi startWithShutdownTimeout(Duration shutdownTimeout) {
    return start(DATABASE_URL, REDIS_URL, "", JWT, shutdownTimeout);
  }

  private static TestApi start(String redisUrl, String adminEmail, JwtConfig jwt) {
    return start(DATABASE_URL, redisUrl, adminEmail, jwt);
  }

  private static TestApi start(String databaseUrl, String redisUrl, String adminEmail, JwtConfig jwt) {
    return start(databaseUrl, redisUrl, adminEmail, jwt, Duration.ofSeconds(5));
  }

  private static TestApi start(String databaseUrl, String redisUrl, String adminEmail, JwtConfig jwt,
                               Duration shutdownTimeout) {
    ensureDatabase();
    try {
      Path uploads = Files.createTempDirectory("uploads");
      ApiConfig config = config(databaseUrl, redisUrl, adminEmail, jwt, shutdownTimeout, uploads);
      Vertx vertx = Vertx.vertx();
      ApiRuntime runtime = TestHttp.await(ApiRuntime.start(vertx, config, UUID.randomUUID().toString()));
      ApiVerticle verticle = new ApiVerticle(runtime);
      TestHttp.await(vertx.deployVerticle(verticle));
      return new TestApi(vertx, runtime, verticle.actualPort(), uploads);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The configuration {@link #start()} and its variants boot (port 0, one instance, pools of 4, migrations on). */
  public static ApiConfig config(String databaseUrl, String redisUrl, String adminEmail, JwtConfig jwt,
                                 Duration shutdownTimeout, Path uploads) {
    return new ApiConfig("127.0.0.1", 0, 1, shutdownTimeout, 6L << 20,
      new DatabaseConfig(databaseUrl, 4, true), new RedisConfig(redisUrl, 4),
      jwt,
      new UploadsConfig(uploads.toString(), 5L << 20), adminEmail);
  }

  public static TestApi start() {
    return start(REDIS_URL);
  }

  public Vertx vertx() {
    return vertx;
  }

  public ApiRuntime runtime() {
    return runtime;
  }

  public int port() {
    return port;
  }

  public Path uploads() {
    return uploads;
  }

  public Pool pool() {
    return runtime.stores().pool();
  }

  /** Empties every table and the test Redis database. */
  public void reset() {
    TestHttp.await(pool().query("TRUNCATE feedback, interview_questions, interview_interviewers, interviews, questions, users "
      + "RESTART IDENTITY CASCADE").execute());
    TestHttp.await(runtime.stores().redis().flushdb(List.of()).otherwiseEmpty());
  }

  /** One HTTP exchange with the API's port; {@code token} may be null, {@code body} a JsonObject, Buffer or null. */
  public TestHttp.Reply call(HttpMethod method, String uri, String token, Object body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (token != null) {
      headers.set("Authorization", "Bearer " + token);
    }
    Buffer payload = null;
    if (body instanceof JsonObject json) {
      headers.set("Content-Type", "application/json");
      payload = json.toBuffer();
    } else if (body instanceof Buffer b) {
      payload = b;
    }
    return http.send(method, port, uri, headers, payload);
  }

  public TestHttp.Reply raw(HttpMethod method, String uri, MultiMap headers, Buffer body) {
    return http.send(method, port, uri, headers, body);
  }

  public TestHttp http() {
    return http;
  }

  public TestHttp.Reply get(String uri, String token) {
    return call(HttpMethod.GET, uri, token, null);
  }

  /** A signed-in user: the session JSON of register/login. */
  public record User(UUID id, String email, String role, String accessToken, String refreshToken) {
    static User of(JsonObject session) {
      JsonObject u = session.getJsonObject("user");
      return new User(UUID.fromString(u.getString("id")), u.getString("email"), u.getString("role"),
        session.getString("accessToken"), session.getString("refreshToken"));
    }
  }

  /** Registers {@code email} (201 expected) and returns the session. */
  public User register(String email) {
    TestHttp.Reply r = call(HttpMethod.POST, "/api/auth/register", null,
      new JsonObject().put("email", email).put("name", "Name of " + email).put("password", PASSWORD));
    if (r.status() != 201) {
      throw new AssertionError("register " + email + ": " + r.status() + " " + r.text());
    }
    return User.of(r.json());
  }

  public User login(String email) {
    TestHttp.Reply r = call(HttpMethod.POST, "/api/auth/login", null,
      new JsonObject().put("email", email).put("password", PASSWORD));
    if (r.status() != 200) {
      throw new AssertionError("login " + email + ": " + r.status() + " " + r.text());
    }
    return User.of(r.json());
  }

  /** A fresh user with {@code role} (set in the database), signed in again so the token carries the role. */
  public User userWithRole(String role) {
    String email = role + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    User u = register(email);
    TestHttp.await(pool().preparedQuery("UPDATE users SET role = $2 WHERE id = $1").execute(Tuple.of(u.id(), role)));
    return login(email);
  }

  public User admin() {
    return userWithRole("admin");
  }

  public User interviewer() {
    return userWithRole("interviewer");
  }

  public User candidate() {
    return userWithRole("candidate");
  }

  @Override
  public void close() {
    TestHttp.await(runtime.close().otherwiseEmpty());
    // not chained: a future bound to this Vert.x could never complete once its event loops are gone
    TestHttp.await(vertx.close());
  }

  /** Creates the test database when it does not exist yet. */
  public static synchronized void ensureDatabase() {
    String name = URI.create(DATABASE_URL).getPath().substring(1);
    Vertx vertx = Vertx.vertx();
    try {
      Pool admin = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(DATABASE_URL).setDatabase("postgres"))
        .using(vertx).build();
      TestHttp.await(admin.preparedQuery("SELECT 1 FROM pg_database WHERE datname = $1").execute(Tuple.of(name))
        .compose(rows -> rows.size() > 0 ? Future.succeededFuture()
          : admin.query("CREATE DATABASE \"" + name.replace("\"", "") + "\"").execute().mapEmpty())
        .eventually(admin::close));
    } finally {
      vertx.close();
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
