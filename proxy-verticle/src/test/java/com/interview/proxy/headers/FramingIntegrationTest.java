package com.interview.proxy.headers;

import com.interview.proxy.EdgeConfig;
import com.interview.proxy.EdgeFixture;
import com.interview.testing.RawHttp;
import com.interview.testing.RawHttp.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request smuggling attempts on raw sockets: every ambiguous or malformed head is answered 400 problem+json with
 * the security headers, the connection is closed, and the API never sees a thing. The smuggled second request
 * ({@code GET /api/smuggled}) in the body must never be taken for a request either.
 */
class FramingIntegrationTest {

  private static final String SMUGGLED = "GET /api/smuggled HTTP/1.1\r\nHost: edge\r\n\r\n";

  private static EdgeFixture edge;

  @BeforeAll
  static void start() {
    edge = EdgeFixture.start(EdgeConfig.defaults().build());
  }

  @AfterAll
  static void stop() {
    edge.close();
  }

  @BeforeEach
  void forget() {
    edge.arrived().clear();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "Content-Length and Transfer-Encoding|POST /api/x HTTP/1.1\r\nHost: edge\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + SMUGGLED,
    "Transfer-Encoding and Content-Length|POST /api/x HTTP/1.1\r\nHost: edge\r\nTransfer-Encoding: chunked\r\nContent-Length: 44\r\n\r\n0\r\n\r\n" + SMUGGLED,
    "two differing Content-Length|POST /api/x HTTP/1.1\r\nHost: edge\r\nContent-Length: 0\r\nContent-Length: 44\r\n\r\n" + SMUGGLED,
    "two equal Content-Length|POST /api/x HTTP/1.1\r\nHost: edge\r\nContent-Length: 44\r\nContent-Length: 44\r\n\r\n" + SMUGGLED,
    "Content-Length list|POST /api/x HTTP/1.1\r\nHost: edge\r\nContent-Length: 44, 44\r\n\r\n" + SMUGGLED,
    "obs-fold|GET /api/x HTTP/1.1\r\nHost: edge\r\nX-Folded: a\r\n  continued\r\n\r\n",
    "obs-fold with a tab|GET /api/x HTTP/1.1\r\nHost: edge\r\nX-Folded: a\r\n\tcontinued\r\n\r\n",
    "obs-fold hiding Transfer-Encoding|POST /api/x HTTP/1.1\r\nHost: edge\r\nTransfer-Encoding:\r\n chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
    "header name with a space|GET /api/x HTTP/1.1\r\nHost: edge\r\nBad Name: x\r\n\r\n",
    "space before the colon|POST /api/x HTTP/1.1\r\nHost: edge\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
    "Transfer-Encoding xchunked|POST /api/x HTTP/1.1\r\nHost: edge\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n" + SMUGGLED,
    "Transfer-Encoding chunked, gzip|POST /api/x HTTP/1.1\r\nHost: edge\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n" + SMUGGLED,
    "Transfer-Encoding identity|POST /api/x HTTP/1.1\r\nHost: edge\r\nTransfer-Encoding: identity\r\n\r\n" + SMUGGLED,
    "two Transfer-Encoding, chunked first|POST /api/x HTTP/1.1\r\nHost: edge\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n0\r\n\r\n" + SMUGGLED,
  })
  void ambiguousFramingIs400AndCloses(String named) {
    String request = named.substring(named.indexOf('|') + 1);
    try (RawHttp raw = new RawHttp(edge.port())) {
      Response response = raw.send(request).read();
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(response.json().getInteger("status")).isEqualTo(400);
      assertThat(response.json().getString("code")).isEqualTo("bad_request_framing");
      assertThat(response.header("Connection")).isEqualTo("close");
      EdgeFixture.assertSecurityHeaders(response::header);
      assertThat(raw.closedByServer(Duration.ofSeconds(10))).isTrue();
    }
    assertThat(edge.arrived()).isEmpty();
  }

  @Test
  void aHeadSentInPiecesWithAFoldIsStillRefused() {
    try (RawHttp raw = new RawHttp(edge.port())) {
      raw.send("GET /api/x HTTP/1.1\r\nHost: edge\r\nX-A: 1");
      raw.send("\r\n");
      raw.send(" folded\r\n\r\n");
      assertThat(raw.read().status()).isEqualTo(400);
    }
    assertThat(edge.arrived()).isEmpty();
  }

  @Test
  void aFoldInAPipelinedSecondRequestIsRefusedAfterTheFirstIsServed() {
    try (RawHttp raw = new RawHttp(edge.port())) {
      raw.send("POST /api/one HTTP/1.1\r\nHost: edge\r\nContent-Length: 3\r\n\r\nabc"
        + "GET /api/two HTTP/1.1\r\nHost: edge\r\nX-A: 1\r\n folded\r\n\r\n");
      assertThat(raw.read().status()).isEqualTo(200);
      assertThat(raw.read().status()).isEqualTo(400);
      assertThat(raw.closedByServer(Duration.ofSeconds(10))).isTrue();
    }
    assertThat(edge.arrivedPaths()).containsExactly("/api/one");
  }

  @Test
  void wellFormedRequestsOnTheSameKindOfSocketAreServed() {
    try (RawHttp raw = new RawHttp(edge.port())) {
      Response get = raw.send("GET /api/plain HTTP/1.1\r\nHost: edge\r\n\r\n").read();
      assertThat(get.status()).isEqualTo(200);
      Response post = raw.send("POST /api/length HTTP/1.1\r\nHost: edge\r\nContent-Length: 5\r\n\r\nhello").read();
      assertThat(post.status()).isEqualTo(200);
      assertThat(post.json().getString("body")).isEqualTo("hello");
      Response chunked = raw.send("POST /api/chunked HTTP/1.1\r\nHost: edge\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "5\r\nhello\r\n0\r\n\r\n").read();
      assertThat(chunked.status()).isEqualTo(200);
      // a body that starts with a space at a line start is not a fold
      Response spaces = raw.send("POST /api/spaces HTTP/1.1\r\nHost: edge\r\nContent-Length: 6\r\n\r\n\r\n  x\r\n").read();
      assertThat(spaces.status()).isEqualTo(200);
      assertThat(raw.closedByServer(Duration.ofMillis(200))).isFalse(); // kept alive
    }
    assertThat(edge.arrivedPaths()).containsExactly("/api/plain", "/api/length", "/api/chunked", "/api/spaces");
  }
}
