package com.interview.app;

import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST/DELETE /admin/verticles/{api|proxy}} on a real node (role all): instances are deployed and undeployed
 * at run time, the node keeps answering through its proxy, and bad requests get a problem with a stable code.
 * (Capacity and traffic share following the new instances across JVMs: {@code LoadBalancingIT}.)
 */
class VerticleScalingTest {

  private static final String TOKEN = "scaling-admin-token";
  private static Vertx vertx;
  private static AppNode node;
  private static TestHttp http;

  @BeforeAll
  static void boot() {
    vertx = TestNode.vertx();
    node = TestNode.start(vertx, TestNode.config(Map.of("ADMIN_TOKEN", TOKEN)));
    http = new TestHttp(vertx);
  }

  @AfterAll
  static void shutdown() {
    TestHttp.await(node.stop());
    TestHttp.await(vertx.close());
  }

  private static Reply admin(HttpMethod method, String kind, String body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + TOKEN)
      .add("Content-Type", "application/json");
    return http.send(method, node.managementPort(), "/admin/verticles/" + kind, headers,
      body == null ? null : Buffer.buffer(body));
  }

  private static int apiStatus() {
    return http.send(HttpMethod.GET, node.proxyPort(), "/api", MultiMap.caseInsensitiveMultiMap().add("Accept",
      "application/json"), null).status();
  }

  @Test
  void instancesAreAddedAndRemovedAtRunTimeWhileTheNodeServes() {
    int deployments = vertx.deploymentIDs().size();

    Reply proxies = admin(HttpMethod.POST, "proxy", "{\"instances\":2}");
    assertThat(proxies.status()).isEqualTo(200);
    assertThat(proxies.json().getString("kind")).isEqualTo("proxy");
    assertThat(proxies.json().getInteger("added")).isEqualTo(2);
    int configuredProxies = proxies.json().getInteger("instances") - 2;
    assertThat(configuredProxies).isPositive();

    Reply apis = admin(HttpMethod.POST, "api", "{\"instances\":1}");
    assertThat(apis.status()).isEqualTo(200);
    assertThat(apis.json().getInteger("added")).isEqualTo(1);
    assertThat(vertx.deploymentIDs()).hasSize(deployments + 3);
    assertThat(apiStatus()).isEqualTo(200);

    Reply tooMany = admin(HttpMethod.DELETE, "proxy", "{\"instances\":3}");
    assertThat(tooMany.status()).isEqualTo(409);
    assertThat(tooMany.json().getString("code")).isEqualTo("cannot_scale");
    assertThat(tooMany.json().getString("detail")).contains("only 2 proxy instances were added");

    Reply fewer = admin(HttpMethod.DELETE, "proxy", "{\"instances\":2}");
    assertThat(fewer.status()).isEqualTo(200);
    assertThat(fewer.json().getInteger("instances")).isEqualTo(configuredProxies);
    assertThat(fewer.json().getInteger("added")).isZero();
    assertThat(admin(HttpMethod.DELETE, "api", "{\"instances\":1}").json().getInteger("added")).isZero();
    assertThat(vertx.deploymentIDs()).hasSize(deployments);
    assertThat(apiStatus()).isEqualTo(200); // the configured instances were never touched
  }

  @Test
  void badRequestsAreRefusedWithAStableCode() {
    assertThat(admin(HttpMethod.POST, "api", "{\"instances\":0}").json().getString("code")).isEqualTo("bad_request");
    assertThat(admin(HttpMethod.POST, "api", "{\"instances\":65}").status()).isEqualTo(400);
    assertThat(admin(HttpMethod.POST, "api", "not json").status()).isEqualTo(400);
    Reply unknown = admin(HttpMethod.POST, "database", "{\"instances\":1}");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().getString("code")).isEqualTo("no_such_verticle");
    Reply anonymous = http.send(HttpMethod.POST, node.managementPort(), "/admin/verticles/api", null,
      Buffer.buffer("{\"instances\":1}"));
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer");
  }
}
