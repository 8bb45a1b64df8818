package com.interview.api.db;

import com.interview.api.ApiRuntime;
import com.interview.api.TestApi;
import com.interview.api.TestApi.User;
import com.interview.testing.FreezableRelay;
import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL frozen while the API runs: the API reaches the real server through a TCP relay the test freezes (it
 * stops relaying but keeps both sockets of every connection open, as a SIGSTOPped server or a network black hole
 * would) and thaws. Requests answer 503 {@code database_unavailable} within the configured bound, the readiness
 * probe fails within it while the API itself stays live, and once the relay thaws the same requests succeed.
 */
class DatabaseFreezeTest {

  /** Scheduling slack on a loaded machine, beyond the bound itself. */
  private static final long SLACK_MS = 1500;

  private static Vertx vertx;
  private static FreezableRelay relay;
  private static String relayedUrl;
  private static TestApi api;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    relay = FreezableRelay.inFrontOf(vertx, TestApi.DATABASE_URL, 5432);
    relayedUrl = relay.relaying(TestApi.DATABASE_URL);
    api = TestApi.startOnDatabase(relayedUrl);
    api.reset();
  }

  @AfterEach
  void thaw() {
    relay.thaw();
  }

  @AfterAll
  static void stop() {
    api.close();
    TestHttp.await(vertx.close());
  }

  @Test
  void frozenDatabaseAnswers503WithinTheBoundAndRecoversAfterTheThaw() {
    User u = api.register("frozen@example.com");
    assertThat(api.get("/api/users/" + u.id(), u.accessToken()).status()).isEqualTo(200);
    long readBound = DatabaseTimeouts.DEFAULT_STATEMENT.toMillis();

    relay.freeze();
    for (String uri : List.of("/api/users/" + u.id(), "/api/questions", "/api/interviews")) {
      long started = System.nanoTime();
      Reply down = api.get(uri, u.accessToken());
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertThat(down.status()).as(uri + ": " + down.text()).isEqualTo(503);
      assertThat(down.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(down.json().getString("code")).isEqualTo("database_unavailable");
      assertThat(down.header("Retry-After")).isNotNull();
      assertThat(tookMs).as(uri + " answered after " + tookMs + " ms").isLessThan(readBound + SLACK_MS);
    }

    // readiness runs DataStores.pingDatabase: it fails within the bound; liveness (the API answering) is untouched
    long started = System.nanoTime();
    Throwable ping = TestHttp.await(api.runtime().stores().pingDatabase().transform(ar -> Future.succeededFuture(ar.cause())));
    assertThat(ping).isInstanceOf(DatabaseTimeout.class);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(readBound + SLACK_MS);
    assertThat(api.get("/api/openapi.yaml", null).status()).isEqualTo(200);

    // a write runs in a transaction: bounded by the transaction timeout, same answer
    long writeBound = DatabaseTimeouts.DEFAULT_TRANSACTION.toMillis();
    started = System.nanoTime();
    Reply register = api.call(HttpMethod.POST, "/api/auth/register", null, new JsonObject()
      .put("email", "during-freeze@example.com").put("name", "During").put("password", TestApi.PASSWORD));
    assertThat(register.status()).as(register.text()).isEqualTo(503);
    assertThat(register.json().getString("code")).isEqualTo("database_unavailable");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(writeBound + SLACK_MS);

    relay.thaw();
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    Reply back;
    do {
      back = api.get("/api/users/" + u.id(), u.accessToken());
    } while (back.status() != 200 && System.nanoTime() < deadline);
    assertThat(back.status()).as(back.text()).isEqualTo(200);
    TestHttp.await(api.runtime().stores().pingDatabase());
  }

  @Test
  void aFreezeDuringStartUpFailsStartUpWithinTheConnectBound() throws Exception {
    relay.freeze();
    Vertx other = Vertx.vertx();
    try {
      var config = TestApi.config(relayedUrl, TestApi.REDIS_URL, "", TestApi.JWT, Duration.ofSeconds(1),
        Files.createTempDirectory("uploads"));
      long started = System.nanoTime();
      Throwable failure = TestHttp.await(ApiRuntime.start(other, config, UUID.randomUUID().toString())
        .transform(ar -> Future.succeededFuture(ar.cause())));
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertThat(failure).isInstanceOf(DatabaseUnavailable.class);
      assertThat(tookMs).isLessThan(DatabaseTimeouts.DEFAULT_CONNECT.toMillis() + 2 * SLACK_MS);
    } finally {
      TestHttp.await(other.close());
    }
  }
}
