package com.interview.api.auth;

import com.interview.api.TestApi;
import com.interview.api.TestApi.User;
import com.interview.api.db.RedisServerProcess;
import com.interview.api.db.TcpForwarder;
import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Revocations fail closed: a logged-out token stays refused while Redis is dead, a logout on node A is refused by
 * node B once the publish arrives, a node that missed publishes reloads them when it reconnects. Real
 * {@code redis-server} processes of the test's own (it kills them) and real API nodes (one Vert.x each).
 */
class RevocationTest {

  private static final long DEADLINE_MS = 5_000;

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private <T extends AutoCloseable> T opened(T resource) {
    open.add(resource);
    return resource;
  }

  private static Reply logout(TestApi node, User u) {
    return node.call(HttpMethod.POST, "/api/auth/logout", u.accessToken(),
      new JsonObject().put("refreshToken", u.refreshToken()));
  }

  private static int me(TestApi node, User u) {
    return node.get("/api/users/me", u.accessToken()).status();
  }

  private static String tokenKey(User u) {
    String payload = u.accessToken().split("\\.")[1];
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    return Revocations.tokenKey(claims.getString("jti"));
  }

  private static boolean eventually(BooleanSupplier condition) {
    long deadline = System.nanoTime() + DEADLINE_MS * 1_000_000;
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.onSpinWait();
    }
    return condition.getAsBoolean();
  }

  private static String email() {
    return "revoked-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  @Test
  void aTokenLoggedOutBeforeRedisDiesStaysRefusedWhileAFreshTokenKeepsWorking(@TempDir Path dir) throws Exception {
    RedisServerProcess redis = opened(RedisServerProcess.start(dir));
    TestApi api = opened(TestApi.start(redis.url()));
    api.reset();
    User out = api.register(email());
    User fresh = api.register(email());
    assertThat(api.runtime().revocations().feed().live()).isTrue();
    assertThat(logout(api, out).status()).isEqualTo(204);
    assertThat(me(api, out)).isEqualTo(401);

    redis.kill();
    assertThat(eventually(() -> !api.runtime().revocations().feed().live())).as("the feed sees Redis go").isTrue();
    Reply refused = api.get("/api/users/me", out.accessToken());
    assertThat(refused.status()).as(refused.text()).isEqualTo(401);
    assertThat(refused.json().getString("code")).isEqualTo("unauthorized");
    assertThat(me(api, fresh)).as("issued, not revoked: works as the README says (profile from PostgreSQL)").isEqualTo(200);

    redis.restart(); // empty: what it held is gone, this node's copy is not
    assertThat(eventually(() -> api.runtime().revocations().feed().live())).as("the feed reconnects").isTrue();
    assertThat(me(api, out)).isEqualTo(401);
    assertThat(me(api, fresh)).isEqualTo(200);
  }

  @Test
  void aLogoutOnNodeAIsRefusedOnNodeBOnceThePublishArrives() {
    TestApi nodeA = opened(TestApi.start());
    TestApi nodeB = opened(TestApi.start());
    nodeA.reset();
    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      User u = nodeA.register(email());
      assertThat(me(nodeB, u)).isEqualTo(200);
      assertThat(nodeB.runtime().revocations().feed().live()).as("B answers from its copy alone").isTrue();
      String key = tokenKey(u);
      RevocationList onB = nodeB.runtime().revocations().list();
      assertThat(logout(nodeA, u).status()).isEqualTo(204);
      long loggedOut = System.nanoTime();
      assertThat(eventually(() -> onB.refuses(key, System.currentTimeMillis()))).as("delivered to B").isTrue();
      micros.add((System.nanoTime() - loggedOut) / 1000);
      assertThat(me(nodeB, u)).isEqualTo(401);
    }
    micros.sort(null);
    System.out.println("revocation reached node B after the logout answered on A, µs (sorted, 10 logouts): " + micros);
  }

  @Test
  void aNodeThatMissedPublishesWhileDisconnectedReloadsThemWhenItReconnects(@TempDir Path dir) throws Exception {
    RedisServerProcess redis = opened(RedisServerProcess.start(dir));
    Vertx vertx = Vertx.vertx();
    opened(() -> TestHttp.await(vertx.close()));
    int redisPort = URI.create(redis.url()).getPort();
    TcpForwarder linkToB = new TcpForwarder(vertx, "127.0.0.1", redisPort);
    linkToB.open(0);
    opened(linkToB::close);
    TestApi nodeA = opened(TestApi.start(redis.url()));
    TestApi nodeB = opened(TestApi.start("redis://127.0.0.1:" + linkToB.port()));
    nodeA.reset();
    User u = nodeA.register(email());
    assertThat(me(nodeB, u)).isEqualTo(200);

    linkToB.close();
    assertThat(eventually(() -> !nodeB.runtime().revocations().feed().live())).isTrue();
    assertThat(logout(nodeA, u).status()).isEqualTo(204);
    assertThat(me(nodeA, u)).isEqualTo(401);
    assertThat(me(nodeB, u)).as("B never heard of it and cannot ask Redis: documented").isEqualTo(200);

    linkToB.open(linkToB.port());
    assertThat(eventually(() -> nodeB.runtime().revocations().feed().live())).as("B reconnects").isTrue();
    assertThat(nodeB.runtime().revocations().list().refuses(tokenKey(u), System.currentTimeMillis()))
      .as("reloaded from Redis, not only asked").isTrue();
    assertThat(me(nodeB, u)).isEqualTo(401);
  }

  @Test
  void revocationsWrittenToRedisCarryTheirExpiryAndTheIndexKeepsOnlyWhatIsInForce() {
    TestApi api = opened(TestApi.start());
    api.reset();
    User u = api.register(email());
    String key = tokenKey(u);
    assertThat(logout(api, u).status()).isEqualTo(204);
    var redis = api.runtime().stores().redis();
    long ttl = TestHttp.await(redis.pttl(key)).toLong();
    assertThat(ttl).as("the token's remaining life and the margin").isBetween(14 * 60_000L, 15 * 60_000L + Revocations.MARGIN_MS);
    double until = TestHttp.await(redis.zscore(RevocationFeed.INDEX, key)).toDouble();
    assertThat((long) until).isEqualTo(Long.parseLong(TestHttp.await(redis.get(key)).toString()));
    TestHttp.await(redis.zadd(List.of(RevocationFeed.INDEX, "1", "auth:deny:long-gone")));
    assertThat(logout(api, api.register(email())).status()).isEqualTo(204);
    assertThat(TestHttp.await(redis.zscore(RevocationFeed.INDEX, "auth:deny:long-gone"))).isNull();
  }
}
