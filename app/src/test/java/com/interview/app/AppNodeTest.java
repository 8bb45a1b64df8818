package com.interview.app;

import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Role {@code all} in one JVM: proxy → in-JVM event bus → API → PostgreSQL, plus the management port. */
class AppNodeTest {

  private static Vertx vertx;
  private static AppNode node;
  private static TestHttp http;
  private static String token;

  @BeforeAll
  static void boot() {
    vertx = TestNode.vertx();
    node = TestNode.start(vertx, TestNode.config(Map.of()));
    http = new TestHttp(vertx);
    token = TestNode.interviewerToken(node, http);
  }

  private static Reply authed(int port, String uri) {
    return http.send(io.vertx.core.http.HttpMethod.GET, port, uri,
      io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token), null);
  }

  @AfterAll
  static void shutdown() {
    TestHttp.await(node.stop());
    TestHttp.await(vertx.close());
  }

  @Test
  void publicHealthIsTerse() {
    Reply r = http.get(node.proxyPort(), "/health");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json()).isEqualTo(new JsonObject().put("status", "UP"));
    assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
  }

  @Test
  void anApiRouteAnswersFromPostgresqlThroughTheProxy() {
    String title = "Explain back-pressure " + UUID.randomUUID();
    UUID id = TestHttp.await(node.stores().pool()
      .preparedQuery("INSERT INTO questions (title, body, difficulty, tags) VALUES ($1, 'body', 'medium', '{streams}') RETURNING id")
      .execute(Tuple.of(title))).iterator().next().getUUID(0);

    Reply one = authed(node.proxyPort(), "/api/questions/" + id);
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json().getString("title")).isEqualTo(title);
    assertThat(one.json().getJsonArray("tags").getString(0)).isEqualTo("streams");
    assertThat(one.header("X-Request-Id")).matches("[0-9a-f]{32}");
    assertThat(one.header("X-Content-Type-Options")).isEqualTo("nosniff");

    Reply list = authed(node.proxyPort(), "/api/questions?limit=100&difficulty=medium");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id")))
      .contains(id.toString());
  }

  @Test
  void contractErrorsAreProblemsThroughTheProxy() {
    Reply missing = authed(node.proxyPort(), "/api/questions/" + UUID.randomUUID());
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(missing.json().getString("code")).isEqualTo("not_found");

    Reply invalid = authed(node.proxyPort(), "/api/questions?limit=1000");
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.json().getString("code")).isEqualTo("validation_failed");
    assertThat(invalid.json().getJsonArray("errors")).isNotEmpty();
  }

  @Test
  void managementServesPrometheusMetricsWithRouteLabelsAndJvmMetrics() {
    authed(node.proxyPort(), "/api/questions?limit=1");
    authed(node.apiPort(), "/api/questions?limit=1");
    Reply metrics = http.get(node.managementPort(), "/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    String text = metrics.text();
    // the proxy labels by route prefix (local is the configured address, here port 0)
    assertThat(text).containsPattern("vertx_http_server_requests_total\\{code=\"200\",local=\"[^\"]+\",method=\"GET\",route=\"/api/\"}");
    assertThat(text).contains("route=\"/api/questions\""); // the API port labels by contract path
    assertThat(text).contains("vertx_http_server_response_time_seconds_bucket");
    assertThat(text).contains("jvm_memory_used_bytes");
    assertThat(text).contains("vertx_eventbus_processed_total");
  }

  @Test
  void managementHealthIsDetailedAndReady() {
    Reply detail = http.get(node.managementPort(), "/health");
    assertThat(detail.status()).isEqualTo(200);
    assertThat(detail.json().getString("status")).isEqualTo("UP");
    assertThat(detail.json().getJsonArray("checks").stream().map(o -> ((JsonObject) o).getString("id")))
      .containsExactlyInAnyOrder("database", "redis", "eventbus");
    assertThat(http.get(node.managementPort(), "/health/ready").status()).isEqualTo(200);
    assertThat(http.get(node.managementPort(), "/health/live").json().getString("status")).isEqualTo("UP");
  }

  @Test
  void theApiAnswersOnItsOwnPortTooAndServesItsDocumentation() {
    io.vertx.core.MultiMap json = io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("Accept", "application/json");
    Reply index = http.send(io.vertx.core.http.HttpMethod.GET, node.apiPort(), "/api", json, null);
    assertThat(index.status()).isEqualTo(200);
    assertThat(index.json().getJsonArray("operations")).isNotEmpty();

    Reply page = http.get(node.proxyPort(), "/api"); // a browser gets Swagger UI, through the proxy
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.text()).contains("swagger-ui-bundle.js").contains("/api/docs/init.js");
    Reply bundle = http.get(node.proxyPort(), "/api/docs/swagger-ui-bundle.js");
    assertThat(bundle.status()).isEqualTo(200);
    assertThat(bundle.header("Content-Type")).isEqualTo("application/javascript");
    assertThat(bundle.body().length()).isGreaterThan(100_000);
    assertThat(http.get(node.proxyPort(), "/api/docs/init.js").text()).contains("/api/openapi.yaml");
    Reply contract = http.get(node.proxyPort(), "/api/openapi.yaml");
    assertThat(contract.header("Content-Type")).isEqualTo("application/yaml");
    assertThat(contract.text()).startsWith("openapi: 3.1.0");
    assertThat(http.get(node.proxyPort(), "/api/docs/secret.txt").status()).isEqualTo(404);
  }
}
