package com.interview.app.redis;

import com.interview.testing.TestHttp.Reply;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code api.redis.type: cluster} for real: the whole application on a private three-master Redis Cluster. The
 * keys of sessions, the deny-list and the rate-limit buckets land on different nodes (slots); the multi-key
 * commands the API sends (EXISTS of the deny-list and the family, DEL of cache keys) are split per slot by the
 * client, and the limiter's script touches one key.
 */
class RedisClusterIT {

  @TempDir
  Path dir;

  private RedisClusterNodes redis;
  private NodeOnRedis app;

  @BeforeAll
  static void tools() {
    assumeTrue(RedisProcesses.available(), "redis-server and redis-cli are needed (apt-get install redis-server)");
  }

  @BeforeEach
  void boot() throws Exception {
    redis = RedisClusterNodes.start(dir);
    app = NodeOnRedis.start(Map.of("REDIS_TYPE", "cluster", "REDIS_ENDPOINTS", String.join(",", redis.urls())));
  }

  @AfterEach
  void shutdown() throws Exception {
    try (AutoCloseable deployment = redis) {
      if (app != null) {
        app.close();
      }
    }
  }

  @Test
  void sessionsLogoutAndAClusterWideZoneWorkOnARedisCluster() throws Exception {
    JsonObject credentials = new JsonObject().put("email", "cluster-" + UUID.randomUUID() + "@example.com")
      .put("password", "correct horse battery staple");
    Reply registered = app.post("/api/auth/register", null, credentials.copy().put("name", "Cluster Test"));
    assertThat(registered.status()).as(registered.text()).isEqualTo(201);
    String access = registered.json().getString("accessToken");
    String refresh = registered.json().getString("refreshToken");
    assertThat(app.me(access).status()).isEqualTo(200);

    Reply rotated = app.post("/api/auth/refresh", null, new JsonObject().put("refreshToken", refresh));
    assertThat(rotated.status()).as(rotated.text()).isEqualTo(200);
    assertThat(app.post("/api/auth/refresh", null, new JsonObject().put("refreshToken", refresh)).status())
      .as("a reused refresh token").isEqualTo(401);

    Reply login = app.post("/api/auth/login", null, credentials);
    assertThat(login.status()).as(login.text()).isEqualTo(200);
    String token = login.json().getString("accessToken");
    assertThat(app.me(token).status()).isEqualTo(200);
    Reply logout = app.post("/api/auth/logout", token, null);
    assertThat(logout.status()).as(logout.text()).isEqualTo(204);
    assertThat(app.me(token).status()).as("the logged-out access token (deny-list EXISTS over two slots)").isEqualTo(401);

    int accepted = 0;
    int status;
    while ((status = app.get("198.51.100.9").status()) == 200) {
      accepted++;
      assertThat(accepted).isLessThanOrEqualTo(NodeOnRedis.ZONE_SIZE);
    }
    assertThat(status).isEqualTo(429);
    assertThat(accepted).isEqualTo(NodeOnRedis.ZONE_SIZE);

    List<Integer> keys = redis.keysPerNode();
    System.out.println("redis cluster: keys per node " + keys);
    assertThat(keys.stream().filter(k -> k > 0).count()).as("nodes holding keys").isGreaterThan(1);
  }

}
