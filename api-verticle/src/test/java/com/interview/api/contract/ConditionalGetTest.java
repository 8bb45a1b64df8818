package com.interview.api.contract;

import com.interview.api.TestApi;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditional GETs over HTTP: a 200 answer carries an {@code ETag} (a digest of its body), {@code If-None-Match}
 * naming it — alone, in a list, weak, or {@code *} — turns the answer into a 304 without a body, and a change of
 * the resource changes the tag.
 */
class ConditionalGetTest {

  private static TestApi api;
  private String token;

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
    token = api.interviewer().accessToken();
  }

  private Reply get(String uri, String ifNoneMatch) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token);
    if (ifNoneMatch != null) {
      headers.add("If-None-Match", ifNoneMatch);
    }
    return api.raw(HttpMethod.GET, uri, headers, null);
  }

  private String createQuestion(String title) {
    Reply created = api.call(HttpMethod.POST, "/api/questions", token,
      new JsonObject().put("title", title).put("difficulty", "easy"));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    return "/api/questions/" + created.json().getString("id");
  }

  private static void assertNotModified(Reply r, String etag) {
    assertThat(r.status()).as(r.text()).isEqualTo(304);
    assertThat(r.header("ETag")).isEqualTo(etag);
    assertThat(r.body().length()).isZero();
  }

  @Test
  void aRepeatedGetWithItsETagIsNotModified() {
    for (String uri : new String[] {createQuestion("Explain ETags"), "/api/questions"}) {
      Reply first = get(uri, null);
      assertThat(first.status()).as(uri + ": " + first.text()).isEqualTo(200);
      String etag = first.header("ETag");
      assertThat(etag).as(uri).matches("\"[A-Za-z0-9_-]{22}\"");
      assertThat(get(uri, null).header("ETag")).as("%s again", uri).isEqualTo(etag);
      assertNotModified(get(uri, etag), etag);
    }
  }

  @Test
  void weakTagsListsAndTheWildcardMatchAsETagsMatchesSays() {
    String uri = createQuestion("Weak comparison");
    String etag = get(uri, null).header("ETag");
    assertNotModified(get(uri, "W/" + etag), etag);
    assertNotModified(get(uri, "\"elsewhere\", " + etag), etag);
    assertNotModified(get(uri, "\"elsewhere\",W/" + etag), etag);
    assertNotModified(get(uri, "*"), etag);

    Reply other = get(uri, "\"elsewhere\"");
    assertThat(other.status()).isEqualTo(200);
    assertThat(other.header("ETag")).isEqualTo(etag);
    assertThat(other.json().getString("title")).isEqualTo("Weak comparison");
  }

  @Test
  void aChangeGivesANewTagAndTheOldOneTheNewBody() {
    String uri = createQuestion("Before");
    String itemTag = get(uri, null).header("ETag");
    String listTag = get("/api/questions", null).header("ETag");

    Reply patched = api.call(HttpMethod.PATCH, uri, token, new JsonObject().put("title", "After"));
    assertThat(patched.status()).as(patched.text()).isEqualTo(200);

    Reply item = get(uri, itemTag);
    assertThat(item.status()).isEqualTo(200);
    assertThat(item.json().getString("title")).isEqualTo("After");
    assertThat(item.header("ETag")).isNotEqualTo(itemTag);
    assertNotModified(get(uri, item.header("ETag")), item.header("ETag"));

    Reply list = get("/api/questions", listTag);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().getJsonArray("items").getJsonObject(0).getString("title")).isEqualTo("After");
    assertThat(list.header("ETag")).isNotEqualTo(listTag);
  }

  @Test
  void anotherNodeGivesTheSameTag() {
    String uri = createQuestion("Same everywhere");
    String etag = get(uri, null).header("ETag");
    try (TestApi other = TestApi.start()) {
      Reply elsewhere = other.raw(HttpMethod.GET, uri,
        MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token).add("If-None-Match", etag), null);
      assertNotModified(elsewhere, etag);
    }
  }
}
