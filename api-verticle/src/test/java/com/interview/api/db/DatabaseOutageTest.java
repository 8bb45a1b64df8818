package com.interview.api.db;

import com.interview.api.TestApi;
import com.interview.api.TestApi.User;
import com.interview.testing.FreezableRelay;
import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL unreachable while the API runs: the API reaches the real server through a TCP forwarder the test cuts
 * (listener closed, every connection dropped) and restores on the same port. Requests that need the database get a
 * 503 problem saying so, not a 500; once the database is back, the same requests succeed.
 */
class DatabaseOutageTest {

  private static Vertx vertx;
  private static TcpForwarder forwarder;
  private static TestApi api;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    var real = FreezableRelay.serverOf(TestApi.DATABASE_URL, 5432);
    forwarder = new TcpForwarder(vertx, real.getHostString(), real.getPort());
    forwarder.open(0);
    api = TestApi.startOnDatabase(FreezableRelay.via(TestApi.DATABASE_URL, forwarder.port()));
    api.reset();
  }

  @AfterAll
  static void stop() {
    api.close();
    forwarder.close();
    TestHttp.await(vertx.close());
  }

  @Test
  void withoutTheDatabaseRequestsAre503AndTheySucceedAgainOnceItIsBack() {
    User u = api.register("outage@example.com");
    assertThat(api.get("/api/users/me", u.accessToken()).status()).isEqualTo(200);

    forwarder.close();
    Reply down = api.get("/api/users/" + u.id(), u.accessToken());
    assertThat(down.status()).as(down.text()).isEqualTo(503);
    assertThat(down.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(down.json().getString("code")).isEqualTo("database_unavailable");
    assertThat(down.header("Retry-After")).isNotNull();
    assertThat(down.text()).doesNotContain("Exception").doesNotContain("Connection refused");
    Reply login = api.call(io.vertx.core.http.HttpMethod.POST, "/api/auth/login", null, new io.vertx.core.json.JsonObject()
      .put("email", "outage@example.com").put("password", TestApi.PASSWORD));
    assertThat(login.status()).as(login.text()).isEqualTo(503);

    forwarder.open(forwarder.port());
    long deadline = System.nanoTime() + 10_000_000_000L;
    Reply back;
    do {
      back = api.get("/api/users/" + u.id(), u.accessToken());
    } while (back.status() != 200 && System.nanoTime() < deadline);
    assertThat(back.status()).as(back.text()).isEqualTo(200);
  }

}
