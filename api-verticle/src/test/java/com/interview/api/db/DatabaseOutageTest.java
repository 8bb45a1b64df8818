package com.interview.api.db;

import com.interview.api.TestApi;
import com.interview.api.TestApi.User;
import com.interview.testing.FreezableRelay;
import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL unreachable while the API runs: the API reaches the real server through a TCP forwarder the test cuts
 * (listener closed, every connection dropped) and restores on the same port. Requests that need the database get a
 * 503 problem saying so, not a 500; once the database is back, the same requests succeed.
 */
class DatabaseOutageTest {

  private static Vertx vertx;
  private static Forwarder forwarder;
  private static TestApi api;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    var real = FreezableRelay.serverOf(TestApi.DATABASE_URL, 5432);
    forwarder = new Forwarder(vertx, real.getHostString(), real.getPort());
    forwarder.open(0);
    api = TestApi.startOnDatabase(FreezableRelay.via(TestApi.DATABASE_URL, forwarder.port));
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

    forwarder.open(forwarder.port);
    long deadline = System.nanoTime() + 10_000_000_000L;
    Reply back;
    do {
      back = api.get("/api/users/" + u.id(), u.accessToken());
    } while (back.status() != 200 && System.nanoTime() < deadline);
    assertThat(back.status()).as(back.text()).isEqualTo(200);
  }

  /** A TCP forwarder to PostgreSQL that can be cut and restored on the same port. */
  private static final class Forwarder {
    private final Vertx vertx;
    private final String host;
    private final int target;
    private final List<NetSocket> sockets = new CopyOnWriteArrayList<>();
    private NetServer server;
    private int port;

    Forwarder(Vertx vertx, String host, int target) {
      this.vertx = vertx;
      this.host = host;
      this.target = target;
    }

    void open(int on) {
      server = vertx.createNetServer().connectHandler(client -> {
        client.pause();
        sockets.add(client);
        vertx.createNetClient().connect(target, host).onComplete(ar -> {
          if (ar.failed()) {
            client.close();
            return;
          }
          NetSocket db = ar.result();
          sockets.add(db);
          client.pipeTo(db);
          db.pipeTo(client);
          client.resume();
        });
      });
      port = TestHttp.await(server.listen(on, "127.0.0.1")).actualPort();
    }

    void close() {
      if (server != null) {
        TestHttp.await(server.close());
        server = null;
      }
      sockets.forEach(NetSocket::close);
      sockets.clear();
    }
  }
}
