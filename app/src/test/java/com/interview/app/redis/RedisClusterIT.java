package com.interview.app.redis;

import com.interview.app.AppNode;
import com.interview.app.TestNode;
import com.interview.app.config.AppConfig;
import com.interview.app.config.ConfigLoader;
import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
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

  private static final String OVERLAY = "{\"proxy\":{\"trustedProxies\":[\"127.0.0.1/32\"],\"limits\":{"
    + "\"api\":{\"rate\":\"1r/m\",\"burst\":9,\"nodelay\":true,\"scope\":\"cluster\"},"
    + "\"auth\":{\"rate\":\"1000r/s\",\"burst\":1000,\"nodelay\":true}}}}";

  @TempDir
  Path dir;

  private RedisClusterNodes redis;
  private Vertx vertx;
  private AppNode node;
  private TestHttp http;

  @BeforeAll
  static void tools() {
    assumeTrue(RedisProcesses.available(), "redis-server and redis-cli are needed (apt-get install redis-server)");
  }

  @BeforeEach
  void boot() throws Exception {
    redis = RedisClusterNodes.start(dir);
    TestNode.ensureDatabase();
    AppConfig config = ConfigLoader.load(OVERLAY, TestNode.env(Map.of("REDIS_TYPE", "cluster",
      "REDIS_ENDPOINTS", String.join(",", redis.urls())))).withEphemeralPorts();
    vertx = TestNode.vertx();
    node = TestNode.start(vertx, config);
    http = new TestHttp(vertx);
  }

  @AfterEach
  void shutdown() throws Exception {
    try {
      if (node != null) {
        TestHttp.await(node.stop());
      }
      if (vertx != null) {
        TestHttp.await(vertx.close());
      }
    } finally {
      redis.close();
    }
  }

  @Test
  void sessionsLogoutAndAClusterWideZoneWorkOnARedisCluster() throws Exception {
    JsonObject credentials = new JsonObject().put("email", "cluster-" + UUID.randomUUID() + "@example.com")
      .put("password", "correct horse battery staple");
    Reply registered = post("/api/auth/register", null, credentials.copy().put("name", "Cluster Test"));
    assertThat(registered.status()).as(registered.text()).isEqualTo(201);
    String access = registered.json().getString("accessToken");
    String refresh = registered.json().getString("refreshToken");
    assertThat(me(access).status()).isEqualTo(200);

    Reply rotated = post("/api/auth/refresh", null, new JsonObject().put("refreshToken", refresh));
    assertThat(rotated.status()).as(rotated.text()).isEqualTo(200);
    assertThat(post("/api/auth/refresh", null, new JsonObject().put("refreshToken", refresh)).status())
      .as("a reused refresh token").isEqualTo(401);

    Reply login = post("/api/auth/login", null, credentials);
    assertThat(login.status()).as(login.text()).isEqualTo(200);
    String token = login.json().getString("accessToken");
    assertThat(me(token).status()).isEqualTo(200);
    assertThat(post("/api/auth/logout", token, null).status()).isEqualTo(204);
    assertThat(me(token).status()).as("the logged-out access token (deny-list EXISTS over two slots)").isEqualTo(401);

    int accepted = 0;
    int status;
    while ((status = get("198.51.100.9").status()) == 200) {
      accepted++;
      assertThat(accepted).isLessThanOrEqualTo(10);
    }
    assertThat(status).isEqualTo(429);
    assertThat(accepted).isEqualTo(10);

    List<Integer> keys = redis.keysPerNode();
    System.out.println("redis cluster: keys per node " + keys);
    assertThat(keys.stream().filter(k -> k > 0).count()).as("nodes holding keys").isGreaterThan(1);
  }

  private Reply post(String path, String token, JsonObject body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (body != null) {
      headers.add("Content-Type", "application/json");
    }
    if (token != null) {
      headers.add("Authorization", "Bearer " + token);
    }
    return http.send(HttpMethod.POST, node.proxyPort(), path, headers, body == null ? null : body.toBuffer());
  }

  private Reply me(String token) {
    return http.send(HttpMethod.GET, node.proxyPort(), "/api/users/me",
      MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token), (Buffer) null);
  }

  private Reply get(String client) {
    return http.send(HttpMethod.GET, node.proxyPort(), "/api",
      MultiMap.caseInsensitiveMultiMap().add("Accept", "application/json").add("X-Forwarded-For", client), null);
  }
}
