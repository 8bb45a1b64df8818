package com.interview.proxy.hostile;

import com.interview.proxy.Backend;
import com.interview.testing.RawHttp;
import com.interview.testing.RawHttp.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static com.interview.proxy.hostile.HostileEdge.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One path (RFC 3986 §5.2.4 dot segments, §6.2.2 percent-encoding; nginx {@code merge_slashes on}; the
 * path-confusion class of Orange Tsai's "Breaking Parser Logic"): the path is normalised before routing, and the
 * normalised path is what the rate limits and routes see and what the upstream receives, so no spelling of a path
 * moves a request to another zone or hands the upstream a {@code ..} to resolve differently.
 */
class PathNormalisationTest {

  private HostileEdge edge;

  @AfterEach
  void stop() {
    edge.close();
  }

  private Response post(String path) {
    return edge.exchange("POST " + path + " HTTP/1.1\r\nHost: edge\r\nContent-Length: 2\r\n\r\n{}");
  }

  @DisplayName("the issue's case: /api/auth/../interviews is the api zone's /api/interviews, upstream gets no ..")
  @Test
  void dotDotLeavesTheAuthZone() {
    edge = HostileEdge.builder().api("1r/m", 0).start();
    assertThat(edge.exchange("GET /api/interviews HTTP/1.1\r\nHost: edge\r\n\r\n").status()).isEqualTo(200);
    Response r = edge.exchange("GET /api/auth/../interviews HTTP/1.1\r\nHost: edge\r\n\r\n");
    assertThat(r.status()).as("the api zone, exhausted").isEqualTo(429);
    assertThat(r.header("RateLimit-Policy")).startsWith("\"api\"");
    assertThat(edge.upstreamSaw()).extracting(Backend.Seen::uri).containsExactly("/api/interviews");
  }

  @DisplayName("nginx-tests limit_req.t + path variants: every spelling of the login path counts in the auth zone")
  @Test
  void loginVariantsShareTheAuthZone() {
    edge = HostileEdge.builder().auth("1r/m", 3).start();
    List<String> variants = List.of("/api/auth/login", "/api/auth//login", "/api//auth/login", "//api/auth/login",
      "/api/./auth/login", "/api/auth/./login", "/api/%61uth/login", "/api/auth/%6Cogin", "/api/auth/x/../login",
      "/api/auth/.%2e/auth/login", "/api/x/../auth/login");
    int accepted = 0;
    for (String v : variants) {
      Response r = post(v);
      assertThat(r.status()).as(v).isIn(200, 429);
      if (r.status() == 200) {
        accepted++;
      } else {
        assertThat(r.header("RateLimit-Policy")).as(v).startsWith("\"auth\"");
      }
    }
    assertThat(accepted).as("burst 3 + 1").isEqualTo(4);
    assertThat(edge.upstreamSaw()).extracting(Backend.Seen::uri).containsOnly("/api/auth/login");
  }

  @DisplayName("nginx: location matching is case-sensitive: /API/ is not /api/")
  @Test
  void caseSensitive() {
    edge = HostileEdge.start();
    Response r = edge.exchange("GET /API/auth/login HTTP/1.1\r\nHost: edge\r\n\r\n");
    assertThat(r.status()).isEqualTo(404);
    assertThat(edge.upstreamHits()).isZero();
  }

  @DisplayName("RFC 3986 §7.3 / CVE-2007-0450 class: encoded separators, NUL and climbs above the root are 400")
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/api%2fauth/login", "/api/auth%2Flogin", "/api/auth%5clogin", "/api/x%00", "/api/x%00.json",
    "/api/../../etc/passwd", "/../api/x", "/api/%2e%2e/%2e%2e/x", "/api/x/..%2f..%2fy", "/api/x%", "/api/x%g0",
    "/api/x\\..\\y"})
  void refusedSpellings(String path) {
    edge = HostileEdge.start();
    try (RawHttp raw = edge.raw()) {
      assertRefused(raw, raw.send("GET " + path + " HTTP/1.1\r\nHost: edge\r\n\r\n").read(), 400, "bad_request_target");
    }
    assertThat(edge.upstreamHits()).isZero();
  }

  @DisplayName("RFC 3986 §6.2.2: the upstream receives the canonical form, the query as sent")
  @Test
  void theUpstreamGetsTheCanonicalPath() {
    edge = HostileEdge.start();
    String[][] cases = {
      {"/api//questions/./x/../1?cursor=a%2Fb&q=../x", "/api/questions/1?cursor=a%2Fb&q=../x"},
      {"/api/%71uestions", "/api/questions"},
      {"/api/a%2cb", "/api/a%2Cb"},
      {"/api/caf\u00c3\u00a9", "/api/caf%C3%A9"},
      {"/api/x|y", "/api/x%7Cy"},
    };
    for (String[] c : cases) {
      edge.forget();
      assertThat(edge.exchange("GET " + c[0] + " HTTP/1.1\r\nHost: edge\r\n\r\n").status()).as(c[0]).isEqualTo(200);
      assertThat(edge.onlyUpstreamRequest().uri()).as(c[0]).isEqualTo(c[1]);
    }
  }
}
