package com.interview.api.contract;

import com.interview.api.TestApi;
import com.interview.api.TestApi.User;
import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How the dispatcher's failures reach a client of the API's HTTP port: status, problem code, and nothing internal. */
class ErrorResponsesTest {

  private static TestApi api;

  @BeforeAll
  static void start() {
    api = TestApi.start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @BeforeEach
  void reset() {
    api.reset();
  }

  private static Reply json(HttpMethod method, String uri, String token, String body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().set("Content-Type", "application/json");
    if (token != null) {
      headers.set("Authorization", "Bearer " + token);
    }
    return api.raw(method, uri, headers, Buffer.buffer(body));
  }

  private static void assertProblem(Reply r, int status, String code) {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(r.json().getString("code")).isEqualTo(code);
    assertThat(r.json().getInteger("status")).isEqualTo(status);
  }

  @Test
  void aBodyThatIsNotJsonIs400() {
    Reply r = json(HttpMethod.POST, "/api/auth/login", null, "{\"email\": \"a@example.com\", ");
    assertThat(r.status()).as(r.text()).isEqualTo(400);
    assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
    User u = api.register("malformed@example.com");
    assertThat(json(HttpMethod.PATCH, "/api/users/me", u.accessToken(), "{name: unquoted}").status()).isEqualTo(400);
  }

  @Test
  void aBodyThatIsNotJsonIsCalledMalformedJson() {
    assertProblem(json(HttpMethod.POST, "/api/auth/login", null, "{\"email\": \"a@example.com\", "), 400, "malformed_json");
  }

  @Test
  void aMethodThePathDoesNotHaveIs405NamingTheOnesItHas() {
    User u = api.register("methods@example.com");
    Reply r = api.call(HttpMethod.DELETE, "/api/users/me", u.accessToken(), null);
    assertProblem(r, 405, "method_not_allowed");
    assertThat(r.json().getString("detail")).contains("GET", "PATCH");
    assertThat(r.header("Allow")).isEqualTo("GET, HEAD, PATCH");
    Reply put = json(HttpMethod.PUT, "/api/auth/login", null, "{}");
    assertProblem(put, 405, "method_not_allowed");
    assertThat(put.json().getString("detail")).contains("POST");
    assertThat(put.header("Allow")).isEqualTo("POST");
  }

  @Test
  void aNulCharacterInTextIs400NotAServerError() {
    User u = api.register("nul@example.com");
    Reply r = json(HttpMethod.PATCH, "/api/users/me", u.accessToken(), "{\"name\": \"Ann\\u0000Lee\"}");
    assertProblem(r, 400, "validation_failed");
    assertThat(r.json().getString("detail")).contains("NUL");
    assertProblem(json(HttpMethod.POST, "/api/auth/login", null,
      "{\"email\": \"a\\u0000@example.com\", \"password\": \"correct horse battery staple\"}"), 400, "validation_failed");
  }

  @Test
  void anUnknownPathIs404NotFound() {
    assertProblem(api.get("/api/no-such-thing", null), 404, "not_found");
    User u = api.register("paths@example.com");
    assertProblem(api.get("/api/users/me/more", u.accessToken()), 404, "not_found");
  }

  @Test
  void aBodyOverTheLimitIs413WhetherItsLengthIsDeclaredOrNot() {
    long limit = api.runtime().config().maxBody();
    Buffer tooLarge = oversizedJson(limit + 1);

    assertProblem(json(HttpMethod.POST, "/api/auth/login", null, tooLarge.toString()), 413, "body_too_large");
    Reply atTheLimit = json(HttpMethod.POST, "/api/auth/login", null, oversizedJson(limit).toString());
    assertThat(atTheLimit.status()).as("exactly the limit is read (and then found invalid)").isEqualTo(400);

    // chunked, no Content-Length, and never ended: the API must answer once the limit is passed, not wait for the end
    Reply chunked = api.http().on(client -> client.request(new RequestOptions().setMethod(HttpMethod.POST)
        .setHost("127.0.0.1").setPort(api.port()).setURI("/api/auth/login").putHeader("Content-Type", "application/json"))
      .compose(req -> {
        req.setChunked(true);
        req.exceptionHandler(closedByTheApi -> { });
        req.write(tooLarge);
        return req.response();
      })
      .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b))));
    assertProblem(chunked, 413, "body_too_large");
  }

  @Test
  void aFailingHandlerIs500WithoutItsInternals() {
    User u = api.register("failure@example.com");
    // PostgreSQL refuses the statement the handler runs, as a broken database or schema would
    TestHttp.await(api.pool().query("CREATE OR REPLACE FUNCTION test_refuse_rename() RETURNS trigger LANGUAGE plpgsql AS "
      + "$$ BEGIN RAISE EXCEPTION 'secret detail: relation users is on fire'; END $$").execute());
    TestHttp.await(api.pool().query("CREATE TRIGGER test_refuse_rename BEFORE UPDATE ON users FOR EACH ROW "
      + "WHEN (NEW.name = 'Boom') EXECUTE FUNCTION test_refuse_rename()").execute());
    try {
      Reply r = api.call(HttpMethod.PATCH, "/api/users/me", u.accessToken(), new JsonObject().put("name", "Boom"));
      assertProblem(r, 500, "internal_error");
      assertThat(r.text()).doesNotContain("secret detail", "on fire", "Exception", "exception", "io.vertx", "com.interview",
        "\tat ", "P0001");
      assertThat(r.json().fieldNames()).containsExactlyInAnyOrder("type", "title", "status", "detail", "code");
      assertThat(api.call(HttpMethod.PATCH, "/api/users/me", u.accessToken(), new JsonObject().put("name", "Fine")).status())
        .as("the next request is served").isEqualTo(200);
    } finally {
      TestHttp.await(api.pool().query("DROP TRIGGER IF EXISTS test_refuse_rename ON users; "
        + "DROP FUNCTION IF EXISTS test_refuse_rename()").execute());
    }
  }

  /** A JSON object of exactly {@code size} bytes. */
  private static Buffer oversizedJson(long size) {
    String head = "{\"email\":\"a@example.com\",\"password\":\"";
    return Buffer.buffer(head + "x".repeat((int) (size - head.length() - 2)) + "\"}");
  }
}
