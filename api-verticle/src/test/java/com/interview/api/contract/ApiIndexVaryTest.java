package com.interview.api.contract;

import com.interview.api.TestApi;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api} answers Swagger UI (HTML) or the JSON index depending on {@code Accept}, so every answer says
 * {@code Vary: Accept} — the 304 of a conditional GET too — and a cache never hands the HTML to a JSON client.
 */
class ApiIndexVaryTest {

  private static TestApi api;

  @BeforeAll
  static void start() {
    api = TestApi.start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static Reply index(String accept, String ifNoneMatch) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (accept != null) {
      headers.add("Accept", accept);
    }
    if (ifNoneMatch != null) {
      headers.add("If-None-Match", ifNoneMatch);
    }
    return api.raw(HttpMethod.GET, "/api", headers, null);
  }

  @Test
  void bothRepresentationsSayTheyVaryByAccept() {
    Reply json = index("application/json", null);
    Reply html = index("text/html,application/xhtml+xml", null);
    Reply none = index(null, null);
    assertThat(json.status()).isEqualTo(200);
    assertThat(json.header("Content-Type")).startsWith("application/json");
    assertThat(html.header("Content-Type")).startsWith("text/html");
    assertThat(none.header("Content-Type")).startsWith("text/html");
    for (Reply r : new Reply[] {json, html, none}) {
      assertThat(r.header("Vary")).isEqualTo("Accept");
    }
    assertThat(json.header("ETag")).isNotEqualTo(html.header("ETag"));
  }

  @Test
  void theNotModifiedAnswerKeepsVary() {
    String etag = index("application/json", null).header("ETag");
    Reply notModified = index("application/json", etag);
    assertThat(notModified.status()).isEqualTo(304);
    assertThat(notModified.header("Vary")).isEqualTo("Accept");
    // the HTML's tag does not match the JSON answer: a full answer, not a 304
    assertThat(index("application/json", index("text/html", null).header("ETag")).status()).isEqualTo(200);
  }
}
