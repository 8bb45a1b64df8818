package com.interview.app;

import com.interview.app.config.AppConfig;
import com.interview.app.config.ConfigLoader;
import com.interview.app.launch.Metrics;
import com.interview.testing.TestHttp;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * Boots the real application in the test JVM against the real PostgreSQL and Redis: {@code DATABASE_URL} /
 * {@code REDIS_URL} when set, else the local {@code interview_test} database (created if missing) and Redis db 15.
 * Every port is 0.
 */
public final class TestNode {

  public static final String DATABASE_URL = env("DATABASE_URL", "postgresql://postgres:postgres@127.0.0.1:5432/interview_test");
  public static final String REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379/15");

  private TestNode() {
  }

  /** The environment a test node sees: the test stores plus {@code extra}. */
  public static Map<String, String> env(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", DATABASE_URL);
    env.put("REDIS_URL", REDIS_URL);
    env.putAll(extra);
    return env;
  }

  public static AppConfig config(Map<String, String> extraEnv) {
    ensureDatabase();
    return ConfigLoader.load(null, env(extraEnv)).withEphemeralPorts();
  }

  /** A Vert.x with the application's metrics, as the launcher creates it. */
  public static Vertx vertx() {
    return Metrics.builder(new VertxOptions()).build();
  }

  public static AppNode start(Vertx vertx, AppConfig config) {
    return TestHttp.await(AppNode.start(vertx, config));
  }

  /**
   * Registers a fresh account through the node's proxy, makes it an interviewer in the database and signs it in
   * again: an access token that may read the question bank.
   */
  public static String interviewerToken(AppNode node, TestHttp http) {
    String email = "interviewer-" + java.util.UUID.randomUUID() + "@example.com";
    io.vertx.core.json.JsonObject credentials = new io.vertx.core.json.JsonObject().put("email", email)
      .put("password", "correct horse battery staple");
    io.vertx.core.MultiMap json = io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json");
    TestHttp.Reply registered = http.send(io.vertx.core.http.HttpMethod.POST, node.proxyPort(), "/api/auth/register", json,
      credentials.copy().put("name", "Test Interviewer").toBuffer());
    if (registered.status() != 201) {
      throw new AssertionError("register: " + registered.status() + " " + registered.text());
    }
    TestHttp.await(node.stores().pool().preparedQuery("UPDATE users SET role = 'interviewer' WHERE lower(email) = lower($1)")
      .execute(io.vertx.sqlclient.Tuple.of(email)));
    TestHttp.Reply login = http.send(io.vertx.core.http.HttpMethod.POST, node.proxyPort(), "/api/auth/login", json,
      credentials.toBuffer());
    return login.json().getString("accessToken");
  }

  /** Creates the test database when it does not exist yet (the server must run). */
  public static synchronized void ensureDatabase() {
    URI uri = URI.create(DATABASE_URL);
    String name = uri.getPath().substring(1);
    Vertx vertx = Vertx.vertx();
    try {
      PgConnectOptions admin = PgConnectOptions.fromUri(DATABASE_URL).setDatabase("postgres");
      Pool pool = PgBuilder.pool().connectingTo(admin).using(vertx).build();
      TestHttp.await(pool.preparedQuery("SELECT 1 FROM pg_database WHERE datname = $1")
        .execute(io.vertx.sqlclient.Tuple.of(name))
        .compose(rows -> rows.size() > 0 ? io.vertx.core.Future.succeededFuture()
          : pool.query("CREATE DATABASE \"" + name.replace("\"", "") + "\"").execute().mapEmpty())
        .eventually(pool::close));
    } finally {
      vertx.close();
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
