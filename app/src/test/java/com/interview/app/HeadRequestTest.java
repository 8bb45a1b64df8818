package com.interview.app;

import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9110 §9.3.2: HEAD is answered wherever GET is, with GET's status and head — its {@code Content-Length},
 * {@code ETag}, conditional 304, 401 challenge — and no content; a 405 names HEAD beside GET. Checked on the API's own
 * port and through the proxy (in-JVM event bus), as the replaced Express backend behind nginx answered.
 */
class HeadRequestTest {

  private static Vertx vertx;
  private static AppNode node;
  private static TestHttp http;
  private static String token;
  private static String question;

  @BeforeAll
  static void boot() {
    vertx = TestNode.vertx();
    node = TestNode.start(vertx, TestNode.config(Map.of()));
    http = new TestHttp(vertx);
    String email = "head-" + UUID.randomUUID() + "@example.com";
    Reply registered = http.send(HttpMethod.POST, node.apiPort(), "/api/auth/register", json(), Buffer.buffer(
      new JsonObject().put("email", email).put("name", "Head").put("password", "correct horse battery staple").encode()));
    assertThat(registered.status()).as(registered.text()).isEqualTo(201);
    TestHttp.await(node.stores().pool().preparedQuery("UPDATE users SET role = 'interviewer' WHERE email = $1")
      .execute(io.vertx.sqlclient.Tuple.of(email)));
    Reply login = http.send(HttpMethod.POST, node.apiPort(), "/api/auth/login", json(), Buffer.buffer(
      new JsonObject().put("email", email).put("password", "correct horse battery staple").encode()));
    token = login.json().getString("accessToken");
    Reply created = http.send(HttpMethod.POST, node.apiPort(), "/api/questions", json().add("Authorization", "Bearer " + token),
      Buffer.buffer(new JsonObject().put("title", "What does HEAD return?").put("difficulty", "easy").encode()));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    question = "/api/questions/" + created.json().getString("id");
  }

  @AfterAll
  static void shutdown() {
    TestHttp.await(node.stop());
    TestHttp.await(vertx.close());
  }

  private static MultiMap json() {
    return MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json");
  }

  private static MultiMap bearer() {
    return MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token);
  }

  private static int[] ports() {
    return new int[] {node.apiPort(), node.proxyPort()};
  }

  @Test
  void headAnswersWhatGetAnswersWithoutTheContent() {
    for (int port : ports()) {
      for (String uri : new String[] {"/api", "/api/openapi.yaml", question, "/api/questions?limit=5"}) {
        Reply get = http.send(HttpMethod.GET, port, uri, bearer(), null);
        Reply head = http.send(HttpMethod.HEAD, port, uri, bearer(), null);
        assertThat(get.status()).as("GET %s on %d: %s", uri, port, get.text()).isEqualTo(200);
        assertThat(head.status()).as("HEAD %s on %d", uri, port).isEqualTo(200);
        assertThat(head.body().length()).as("HEAD %s on %d", uri, port).isZero();
        assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
        assertThat(head.header("ETag")).as("HEAD %s on %d", uri, port).isNotNull().isEqualTo(get.header("ETag"));
        assertThat(head.header("Content-Length")).as("HEAD %s on %d", uri, port)
          .isEqualTo(Integer.toString(get.body().length()));
        assertThat(head.header("Content-Encoding")).isNull();
        assertThat(head.header("Content-Security-Policy")).isEqualTo(get.header("Content-Security-Policy"));
      }
    }
  }

  @Test
  void headIsConditionalAndChallengedLikeGet() {
    for (int port : ports()) {
      String etag = http.send(HttpMethod.GET, port, question, bearer(), null).header("ETag");
      Reply notModified = http.send(HttpMethod.HEAD, port, question, bearer().add("If-None-Match", etag), null);
      assertThat(notModified.status()).isEqualTo(304);
      assertThat(notModified.header("ETag")).isEqualTo(etag);

      Reply anonymous = http.send(HttpMethod.HEAD, port, question, MultiMap.caseInsensitiveMultiMap(), null);
      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
      assertThat(anonymous.body().length()).isZero();
    }
  }

  @Test
  void headOfTheEventStreamSendsItsHeadAndEnds() {
    for (int port : ports()) {
      Reply head = http.send(HttpMethod.HEAD, port, "/api/events", bearer(), null);
      assertThat(head.status()).as("port %d", port).isEqualTo(200);
      assertThat(head.header("Content-Type")).startsWith("text/event-stream");
      assertThat(head.body().length()).isZero();
    }
  }

  @Test
  void a405NamesHeadBesideGet() {
    for (int port : ports()) {
      Reply refused = http.send(HttpMethod.DELETE, port, "/api/openapi.yaml", bearer(), null);
      assertThat(refused.status()).as(refused.text()).isEqualTo(405);
      assertThat(refused.header("Allow")).isEqualTo("GET, HEAD");
    }
  }
}
