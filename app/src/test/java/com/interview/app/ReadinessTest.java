package com.interview.app;

import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Redis holds only what may be lost: the node starts and serves without it, and says it is not ready. */
class ReadinessTest {

  private Vertx vertx;
  private AppNode node;

  @AfterEach
  void shutdown() {
    if (node != null) {
      TestHttp.await(node.stop());
    }
    TestHttp.await(vertx.close());
  }

  @Test
  void redisOnADeadPortMakesReadiness503WhileTheApiStillServes() throws Exception {
    int dead;
    try (ServerSocket s = new ServerSocket(0)) {
      dead = s.getLocalPort(); // closed again: nothing listens there
    }
    vertx = TestNode.vertx();
    node = TestNode.start(vertx, TestNode.config(Map.of("REDIS_URL", "redis://127.0.0.1:" + dead)));
    TestHttp http = new TestHttp(vertx);

    Reply ready = http.get(node.managementPort(), "/health/ready");
    assertThat(ready.status()).isEqualTo(503);
    Reply detail = http.get(node.managementPort(), "/health");
    assertThat(detail.status()).isEqualTo(503);
    JsonObject redis = detail.json().getJsonArray("checks").stream().map(JsonObject.class::cast)
      .filter(c -> c.getString("id").equals("redis")).findFirst().orElseThrow();
    assertThat(redis.getString("status")).isEqualTo("DOWN");
    assertThat(http.get(node.managementPort(), "/health/live").status()).isEqualTo(200);

    Reply publicHealth = http.get(node.proxyPort(), "/health");
    assertThat(publicHealth.status()).isEqualTo(503);
    assertThat(publicHealth.json()).isEqualTo(new JsonObject().put("status", "DOWN"));

    Reply index = http.send(io.vertx.core.http.HttpMethod.GET, node.proxyPort(), "/api",
      io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("Accept", "application/json"), null);
    assertThat(index.status()).isEqualTo(200); // the API still serves
  }
}
