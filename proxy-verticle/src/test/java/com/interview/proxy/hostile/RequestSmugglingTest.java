package com.interview.proxy.hostile;

import com.interview.testing.RawHttp;
import com.interview.testing.RawHttp.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static com.interview.proxy.hostile.HostileEdge.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request smuggling (PortSwigger's CL.TE, TE.CL, TE.TE and chunk-size desync classes; RFC 9112 §6–§7): a request
 * whose framing two parsers could read differently is refused — answered, with the security headers, then closed —
 * and neither it nor the request hidden in its body ({@link #SMUGGLED}) reaches an upstream.
 */
class RequestSmugglingTest {

  private static final String SMUGGLED = "GET /api/smuggled HTTP/1.1\r\nHost: edge\r\n\r\n";
  private static HostileEdge edge;

  @BeforeAll
  static void start() {
    edge = HostileEdge.start();
  }

  @AfterAll
  static void stop() {
    edge.close();
  }

  @BeforeEach
  void forget() {
    edge.forget();
  }

  private void refused(String request, int status, String code) {
    edge.assertRefusedUnforwarded(request, status, code);
  }

  private static String post(String headers, String body) {
    return "POST /api/x HTTP/1.1\r\nHost: edge\r\n" + headers + "\r\n\r\n" + body;
  }

  // ---- the head: RFC 9112 §6.1, §6.3

  @DisplayName("PortSwigger CL.TE / TE.CL, RFC 9112 §6.1: Content-Length with Transfer-Encoding is 400")
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"Content-Length: 6\r\nTransfer-Encoding: chunked", "Transfer-Encoding: chunked\r\nContent-Length: 50",
    "Content-Length: 0\r\nTransfer-Encoding: chunked"})
  void clAndTe(String headers) {
    refused(post(headers, "0\r\n\r\n" + SMUGGLED), 400, "bad_request_framing");
  }

  @DisplayName("PortSwigger TE.TE obfuscation: a Transfer-Encoding some parser would not read as chunked is 400")
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "Transfer-Encoding: xchunked",
    "Transfer-Encoding: chunk",
    "Transfer-Encoding: \"chunked\"",
    "Transfer-Encoding: chunked, identity",
    "Transfer-Encoding: identity",
    "Transfer-Encoding: chunked\r\nTransfer-Encoding: x",
    "Transfer-Encoding: chunked, chunked",
    "Transfer-Encoding: ,chunked,",
    "Transfer-Encoding : chunked",
    "Transfer-Encoding\t: chunked",
    "X-Pad: a\r\n Transfer-Encoding: chunked",
    "Transfer-Encoding:\r\n chunked",
  })
  void teObfuscation(String headers) {
    refused(post(headers, "0\r\n\r\n" + SMUGGLED), 400, "bad_request_framing");
  }

  @DisplayName("RFC 9112 §6.1: a transfer coding other than chunked is 501")
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"Transfer-Encoding: gzip, chunked", "Transfer-Encoding: deflate, chunked", "Transfer-Encoding: br,chunked"})
  void unsupportedCodings(String headers) {
    refused(post(headers, "0\r\n\r\n" + SMUGGLED), 501, "unsupported_transfer_coding");
  }

  @DisplayName("RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 request is faulty framing: 400")
  @Test
  void teInHttp10() {
    refused("POST /api/x HTTP/1.0\r\nHost: edge\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + SMUGGLED, 400,
      "bad_request_framing");
  }

  @DisplayName("RFC 9110 §8.6, Squid GHSA-qf3v-rc95-96j5: a Content-Length that is not 1*DIGIT is 400")
  @ParameterizedTest(name = "Content-Length: [{0}]")
  @ValueSource(strings = {"+5", "-1", "0x5", "5 5", "1e3", "", "5;", "99999999999999999999", "\u00b5"})
  void badContentLength(String value) {
    refused(post("Content-Length: " + value, "hello" + SMUGGLED), 400, "bad_request_framing");
  }

  @DisplayName("RFC 9112 §6.3: two Content-Length lines are 400, equal or not, in HTTP/1.1 and HTTP/1.0")
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
    "HTTP/1.1|Content-Length: 5[CRLF]Content-Length: 5",
    "HTTP/1.1|Content-Length: 0[CRLF]Content-Length: 44",
    "HTTP/1.1|Content-Length: 5, 5",
    "HTTP/1.0|Content-Length: 0[CRLF]Content-Length: 44",
    "HTTP/1.0|Content-Length: 5[CRLF]content-length: 5",
  })
  void duplicateContentLength(String version, String headers) {
    refused("POST /api/x " + version + "\r\nHost: edge\r\n" + wire(headers) + "\r\n\r\nhello" + SMUGGLED, 400,
      "bad_request_framing");
  }

  /** CSV rows cannot hold line breaks: {@code [CRLF]} and {@code [LF]} stand for them. */
  private static String wire(String s) {
    return s.replace("[CRLF]", "\r\n").replace("[LF]", "\n");
  }

  @DisplayName("RFC 9112 §6.3: a declared length over the route's limit is 413 before any byte is read")
  @Test
  void declaredLengthOverTheLimit() {
    refused(post("Content-Length: 99999999", ""), 413, "body_too_large");
  }

  @DisplayName("RFC 9112 §6.3: leading zeros and a case-insensitive coding name are valid framing")
  @Test
  void validVariants() {
    try (RawHttp raw = edge.raw()) {
      assertThat(raw.send(post("Content-Length: 005", "hello")).read().status()).isEqualTo(200);
      assertThat(raw.send(post("Transfer-Encoding: cHuNkEd", "5\r\nhello\r\n0\r\n\r\n")).read().status()).isEqualTo(200);
      assertThat(raw.send(post("Transfer-Encoding:\tchunked ", "5\r\nhello\r\n0\r\n\r\n")).read().status()).isEqualTo(200);
    }
    assertThat(edge.upstreamSaw()).hasSize(3).allSatisfy(seen -> {
      assertThat(seen.body().toString()).isEqualTo("hello");
      assertThat(seen.header("Content-Length")).isEqualTo("5");
      assertThat(seen.header("Transfer-Encoding")).isNull();
    });
  }

  @DisplayName("nginx underscores_in_headers off: a header name with an underscore (Transfer_Encoding) is not forwarded")
  @Test
  void underscoredHeadersAreDropped() {
    Response r = edge.exchange(post("Transfer_Encoding: chunked\r\nX_Real_IP: 6.6.6.6\r\nContent-Length: 5", "hello"));
    assertThat(r.status()).isEqualTo(200);
    var seen = edge.onlyUpstreamRequest();
    assertThat(seen.headers().names()).noneMatch(n -> n.indexOf('_') >= 0);
    assertThat(seen.body().toString()).isEqualTo("hello");
  }

  // ---- the body: RFC 9112 §7.1

  @DisplayName("RFC 9112 §7.1: a malformed chunked body is answered 400 (not a silent close), nothing forwarded")
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "negative size|-5[CRLF]hello[CRLF]0[CRLF][CRLF]",
    "overflowing size|FFFFFFFFFFFFFFFFF[CRLF]hello[CRLF]0[CRLF][CRLF]",
    "size wrapping past 32 bits to 5|100000005[CRLF]hello[CRLF]0[CRLF][CRLF]",
    "size wrapping past 32 bits to 0|100000000[CRLF][CRLF]",
    "not hex|g[CRLF]hello[CRLF]0[CRLF][CRLF]",
    "0x prefix|0x5[CRLF]hello[CRLF]0[CRLF][CRLF]",
    "empty size line|[CRLF]hello[CRLF]0[CRLF][CRLF]",
    "bare LF after the size|5[LF]hello[CRLF]0[CRLF][CRLF]",
    "missing CRLF after the data|5[CRLF]hello0[CRLF][CRLF]",
    "more data than the size|3[CRLF]hello[CRLF]0[CRLF][CRLF]",
    "bare LF after the data|5[CRLF]hello[LF]0[CRLF][CRLF]",
    "oversized chunk extension|5;ext=AAAA[CRLF]hello[CRLF]0[CRLF][CRLF]",
  })
  void malformedChunkedBody(String name, String body) {
    String chunks = wire(body).replace("AAAA", "a".repeat(2000));
    refused(post("Transfer-Encoding: chunked", chunks + SMUGGLED), 400, "bad_request_framing");
  }

  @DisplayName("RFC 9112 §7.1: a malformed chunk sent after a pause (the head already accepted) is answered 400")
  @Test
  void malformedChunkAfterAPause() throws InterruptedException {
    int before = edge.upstreamHits();
    try (RawHttp raw = edge.raw()) {
      raw.send(post("Transfer-Encoding: chunked", "5\r\nhello\r\n"));
      Thread.sleep(200); // the proxy is reading the body by now
      raw.send("zz\r\n\r\n" + SMUGGLED);
      assertRefused(raw, raw.read(), 400, "bad_request_framing");
    }
    assertThat(edge.upstreamHits()).isEqualTo(before);
  }

  @DisplayName("RFC 9112 §7.1.1: chunk extensions within the limit are accepted and not forwarded")
  @Test
  void chunkExtensionsWithinTheLimit() {
    Response r = edge.exchange(post("Transfer-Encoding: chunked", "5;name=value\r\nhello\r\n0;x\r\n\r\n"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(edge.onlyUpstreamRequest().body().toString()).isEqualTo("hello");
  }

  @DisplayName("RFC 9112 §7.1.2: trailer fields are read and not forwarded")
  @Test
  void trailersAreDropped() {
    Response r = edge.exchange(post("Transfer-Encoding: chunked", "5\r\nhello\r\n0\r\nX-Trailer: evil\r\n\r\n"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(edge.onlyUpstreamRequest().header("X-Trailer")).isNull();
  }

  @DisplayName("PortSwigger client-side desync: an answer given before the body was read closes the connection")
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "no route (404)|/nowhere|404",
    "not an image (415)|/api/users/me/avatar|415",
    "TRACE (405)|/api/x|405",
  })
  void earlyAnswersNeverReadTheBodyAsTheNextRequest(String name, String path, int status) {
    int before = edge.upstreamHits();
    String method = status == 405 ? "TRACE" : status == 415 ? "PUT" : "POST";
    try (RawHttp raw = edge.raw()) {
      Response r = raw.send(method + " " + path + " HTTP/1.1\r\nHost: edge\r\nContent-Type: text/plain\r\nContent-Length: "
        + SMUGGLED.length() + "\r\n\r\n" + SMUGGLED).read();
      assertThat(r.status()).isEqualTo(status);
      assertThat(r.header("Connection")).isEqualTo("close");
      assertThat(raw.closedByServer(Duration.ofSeconds(10))).isTrue();
    }
    assertThat(edge.upstreamHits()).as("the body was never taken for a request").isEqualTo(before);
  }

  @DisplayName("RFC 9112 §9.3: a well-framed body followed by a pipelined request is two requests, in order")
  @Test
  void pipeliningStaysInStep() {
    try (RawHttp raw = edge.raw()) {
      raw.send(post("Transfer-Encoding: chunked", "5\r\nhello\r\n0\r\n\r\n") + SMUGGLED);
      assertThat(raw.read().status()).isEqualTo(200);
      assertThat(raw.read().status()).isEqualTo(200);
      assertThat(raw.closedByServer(Duration.ofMillis(200))).isFalse();
    }
    assertThat(edge.upstreamSaw()).extracting(s -> s.uri()).containsExactlyInAnyOrder("/api/x", "/api/smuggled");
  }
}
