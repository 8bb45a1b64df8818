package com.interview.app;

import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's API examples, posted exactly as written (request bodies read from README.md) through the proxy of a
 * real node with the default configuration: register, login, create a question, schedule an interview — only the
 * user ids in the interview are the ones this run got. Ada and Grace's accounts (and their interviews) are removed
 * first, so the examples run the same on any test database.
 */
class ApiExamplesTest {

  private static final Pattern EXAMPLE = Pattern.compile(
    "curl -s -X POST http://localhost(/api/[a-z/]+) [^\\n]*\\\\\\n\\s+-d '([^']+)'");
  private static final String ADA = "ada@example.com";
  private static final String GRACE = "grace@example.com";
  private static Vertx vertx;
  private static AppNode node;
  private static TestHttp http;

  @BeforeAll
  static void boot() {
    vertx = TestNode.vertx();
    node = TestNode.start(vertx, TestNode.config(Map.of()));
    http = new TestHttp(vertx);
    forget();
  }

  @AfterAll
  static void shutdown() {
    forget();
    TestHttp.await(node.stop());
    TestHttp.await(vertx.close());
  }

  private static void forget() {
    sql("DELETE FROM interviews WHERE candidate_id IN (SELECT id FROM users WHERE lower(email) IN ($1, $2))"
      + " OR id IN (SELECT interview_id FROM interview_interviewers WHERE interviewer_id IN"
      + " (SELECT id FROM users WHERE lower(email) IN ($1, $2)))", ADA, GRACE);
    sql("DELETE FROM users WHERE lower(email) IN ($1, $2)", ADA, GRACE);
  }

  private static void sql(String statement, Object... params) {
    TestHttp.await(node.stores().pool().preparedQuery(statement).execute(io.vertx.sqlclient.Tuple.from(params)));
  }

  /** The README's examples: path → the JSON body of its {@code -d '...'}, in the order written. */
  static Map<String, JsonObject> examples() throws IOException {
    Path root = Path.of("").toAbsolutePath();
    while (!Files.isRegularFile(root.resolve("README.md")) || !Files.isDirectory(root.resolve("api-verticle"))) {
      root = root.getParent();
    }
    String readme = Files.readString(root.resolve("README.md"));
    Map<String, JsonObject> out = new LinkedHashMap<>();
    Matcher m = EXAMPLE.matcher(readme);
    while (m.find()) {
      out.putIfAbsent(m.group(1), new JsonObject(m.group(2)));
    }
    assertThat(out).containsOnlyKeys("/api/auth/register", "/api/auth/login", "/api/questions", "/api/interviews");
    return out;
  }

  private static Reply post(String path, JsonObject body, String token) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json");
    if (token != null) {
      headers.add("Authorization", "Bearer " + token);
    }
    return http.send(HttpMethod.POST, node.proxyPort(), path, headers, Buffer.buffer(body.encode()));
  }

  @Test
  void theReadmeExamplesWorkAsWritten() throws IOException {
    Map<String, JsonObject> examples = examples();

    JsonObject register = examples.get("/api/auth/register");
    assertThat(register.getString("email")).isEqualTo(ADA);
    Reply ada = post("/api/auth/register", register, null);
    assertThat(ada.status()).as(ada.text()).isEqualTo(201);
    assertThat(ada.json().getString("tokenType")).isEqualTo("Bearer");
    assertThat(ada.json().getInteger("expiresIn")).isEqualTo(900);
    String adaId = ada.json().getJsonObject("user").getString("id");
    Reply grace = post("/api/auth/register", register.copy().put("email", GRACE).put("name", "Grace Hopper"), null);
    assertThat(grace.status()).as(grace.text()).isEqualTo(201);
    String graceId = grace.json().getJsonObject("user").getString("id");
    // on a fresh database Ada, the first account, is admin already; here other tests' accounts came first
    sql("UPDATE users SET role = 'admin' WHERE lower(email) = $1", ADA);

    Reply login = post("/api/auth/login", examples.get("/api/auth/login"), null);
    assertThat(login.status()).as(login.text()).isEqualTo(200);
    assertThat(login.json().getJsonObject("user").getString("role")).isEqualTo("admin");
    String token = login.json().getString("accessToken");

    JsonObject question = examples.get("/api/questions");
    Reply created = post("/api/questions", question, token);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(created.json().getString("title")).isEqualTo(question.getString("title"));
    assertThat(created.json().getString("difficulty")).isEqualTo("medium");

    JsonObject interview = examples.get("/api/interviews").copy().put("candidateId", graceId)
      .put("interviewerIds", new JsonArray().add(adaId)); // the ids this run got; everything else as written
    Reply scheduled = post("/api/interviews", interview, token);
    assertThat(scheduled.status()).as(scheduled.text()).isEqualTo(201);
    assertThat(scheduled.json().getString("status")).isEqualTo("scheduled");
    assertThat(scheduled.json().getString("title")).isEqualTo(interview.getString("title"));
    Reply again = post("/api/interviews", interview, token);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().getString("code")).isEqualTo("interviewer_double_booked");
  }
}
