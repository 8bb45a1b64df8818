package com.interview.app;

import com.interview.app.config.Role;
import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes in one test JVM, as two containers would run them: an API node (its HTTP port), and a proxy node on the
 * {@code http} transport pointed at it with {@code PROXY_UPSTREAMS}; plus the proxy node's management port.
 */
class HttpTransportNodeTest {

  private static final String TOKEN = "test-admin-token";
  private static Vertx apiVertx;
  private static Vertx proxyVertx;
  private static AppNode api;
  private static AppNode proxy;
  private static TestHttp http;

  @BeforeAll
  static void boot() {
    apiVertx = Vertx.vertx();
    api = TestNode.start(apiVertx, TestNode.config(Map.of()).withRole(Role.API));
    proxyVertx = TestNode.vertx();
    proxy = TestNode.start(proxyVertx, TestNode.config(Map.of(
      "PROXY_UPSTREAMS", "http://127.0.0.1:" + api.apiPort(), "ADMIN_TOKEN", TOKEN)).withRole(Role.PROXY));
    http = new TestHttp(proxyVertx);
  }

  @AfterAll
  static void shutdown() {
    TestHttp.await(proxy.stop());
    TestHttp.await(proxyVertx.close());
    TestHttp.await(api.stop());
    TestHttp.await(apiVertx.close());
  }

  private static MultiMap json() {
    return MultiMap.caseInsensitiveMultiMap().add("Accept", "application/json");
  }

  private static MultiMap bearer(String token) {
    return MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token);
  }

  @Test
  void theProxyNodeForwardsOverHttpToTheApiNode() {
    Reply r = http.send(HttpMethod.GET, proxy.proxyPort(), "/api", json(), null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().getJsonArray("operations")).isNotEmpty();
    assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
    assertThat(http.get(proxy.proxyPort(), "/health").status()).isEqualTo(200);
  }

  @Test
  void managementShowsUpstreamStateInHealthAndMetrics() {
    http.send(HttpMethod.GET, proxy.proxyPort(), "/api", json(), null);
    Reply health = http.get(proxy.managementPort(), "/health");
    JsonObject upstreams = health.json().getJsonArray("checks").stream().map(JsonObject.class::cast)
      .filter(c -> c.getString("id").equals("upstreams")).findFirst().orElseThrow();
    assertThat(upstreams.getString("status")).isEqualTo("UP");
    assertThat(upstreams.getJsonObject("data").getJsonArray("servers").getJsonObject(0).getString("state")).isEqualTo("up");

    String metrics = http.get(proxy.managementPort(), "/metrics").text();
    String server = "server=\"http://127.0.0.1:" + api.apiPort() + "\"";
    assertThat(metrics).contains("proxy_upstream_selections_total{" + server + "}");
    assertThat(metrics).contains("proxy_upstream_up{" + server + "} 1.0");
    assertThat(metrics).contains("proxy_upstream_in_flight{" + server + "}");
    assertThat(metrics).contains("proxy_connections_active");
    assertThat(metrics).contains("proxy_ratelimit_rejected_total{zone=\"api\"}");
  }

  @Test
  void adminEndpointsNeedTheTokenAndDrainAndEnableServers() {
    assertThat(http.get(proxy.managementPort(), "/admin/upstreams").status()).isEqualTo(401);
    assertThat(http.send(HttpMethod.GET, proxy.managementPort(), "/admin/upstreams", bearer("wrong"), null).status())
      .isEqualTo(401);
    Reply list = http.send(HttpMethod.GET, proxy.managementPort(), "/admin/upstreams", bearer(TOKEN), null);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().getString("transport")).isEqualTo("http");
    assertThat(list.json().getJsonArray("servers").getJsonObject(0).getString("state")).isEqualTo("up");

    Reply drained = http.send(HttpMethod.POST, proxy.managementPort(), "/admin/upstreams/0/drain", bearer(TOKEN), null);
    assertThat(drained.status()).isEqualTo(200);
    assertThat(drained.json().getString("state")).isIn("draining", "drained");
    Reply refused = http.send(HttpMethod.GET, proxy.proxyPort(), "/api", json(), null);
    assertThat(refused.status()).isEqualTo(502); // the only server takes no new requests
    assertThat(http.get(proxy.managementPort(), "/health/ready").status()).isEqualTo(503);

    String url = list.json().getJsonArray("servers").getJsonObject(0).getString("url");
    Reply enabled = http.send(HttpMethod.POST, proxy.managementPort(),
      "/admin/upstreams/" + java.net.URLEncoder.encode(url, java.nio.charset.StandardCharsets.UTF_8) + "/enable",
      bearer(TOKEN), null);
    assertThat(enabled.status()).isEqualTo(200);
    assertThat(enabled.json().getString("state")).isEqualTo("up");
    assertThat(http.send(HttpMethod.GET, proxy.proxyPort(), "/api", json(), null).status()).isEqualTo(200);
    assertThat(http.send(HttpMethod.POST, proxy.managementPort(), "/admin/upstreams/9/drain", bearer(TOKEN), null).status())
      .isEqualTo(404);
  }

  @Test
  void withoutATokenTheAdminEndpointsAreOff() {
    assertThat(http.get(api.managementPort(), "/admin/upstreams").status()).isEqualTo(404);
  }
}
