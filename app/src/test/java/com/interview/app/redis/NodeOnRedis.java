package com.interview.app.redis;

import com.interview.app.AppNode;
import com.interview.app.TestNode;
import com.interview.app.config.AppConfig;
import com.interview.app.config.ConfigLoader;
import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * The whole application (role {@code all}, ports 0) on a private Redis deployment named by {@code REDIS_*}
 * variables, with a cluster-wide zone of {@value #ZONE_SIZE} requests (1 + burst 9) per client per minute on
 * {@code /api/}, clients told apart by {@code X-Forwarded-For}, and logins unlimited.
 */
final class NodeOnRedis implements AutoCloseable {

  static final int ZONE_SIZE = 10;
  private static final String OVERLAY = "{\"proxy\":{\"trustedProxies\":[\"127.0.0.1/32\"],\"limits\":{"
    + "\"api\":{\"rate\":\"1r/m\",\"burst\":9,\"nodelay\":true,\"scope\":\"cluster\"},"
    + "\"auth\":{\"rate\":\"1000r/s\",\"burst\":1000,\"nodelay\":true}}}}";

  private final Vertx vertx;
  private final AppNode node;
  private final TestHttp http;

  private NodeOnRedis(Vertx vertx, AppNode node) {
    this.vertx = vertx;
    this.node = node;
    this.http = new TestHttp(vertx);
  }

  static NodeOnRedis start(Map<String, String> redisEnv) {
    TestNode.ensureDatabase();
    AppConfig config = ConfigLoader.load(OVERLAY, TestNode.env(redisEnv)).withEphemeralPorts();
    Vertx vertx = TestNode.vertx();
    try {
      return new NodeOnRedis(vertx, TestNode.start(vertx, config));
    } catch (RuntimeException | Error e) {
      vertx.close();
      throw e;
    }
  }

  /** {@code GET /api} (the JSON index, limited by the cluster-wide zone) from {@code client}. */
  Reply get(String client) {
    return http.send(HttpMethod.GET, node.proxyPort(), "/api",
      MultiMap.caseInsensitiveMultiMap().add("Accept", "application/json").add("X-Forwarded-For", client), null);
  }

  /** POSTs {@code body} (JSON, or none) with {@code token} (or none) through the proxy. */
  Reply post(String path, String token, JsonObject body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (body != null) {
      headers.add("Content-Type", "application/json");
    }
    if (token != null) {
      headers.add("Authorization", "Bearer " + token);
    }
    return http.send(HttpMethod.POST, node.proxyPort(), path, headers, body == null ? null : body.toBuffer());
  }

  /** {@code GET /api/users/me} with {@code token}. */
  Reply me(String token) {
    return http.send(HttpMethod.GET, node.proxyPort(), "/api/users/me",
      MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token), null);
  }

  @Override
  public void close() {
    try {
      TestHttp.await(node.stop());
    } finally {
      TestHttp.await(vertx.close());
    }
  }
}
