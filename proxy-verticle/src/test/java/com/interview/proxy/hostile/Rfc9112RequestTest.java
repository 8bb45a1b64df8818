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
 * RFC 9112 §2–§3 (message format, request line, Host) and RFC 9110 §9 (methods) against the edge on raw sockets:
 * every malformed head is answered with a problem+json carrying the security headers, the connection is closed,
 * and no upstream ever receives it. Cases follow the Http11Probe categories (request line, target, Host, version,
 * methods).
 */
class Rfc9112RequestTest {

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

  // ---- §3.2 Host: "A server MUST respond with a 400 ..."

  @DisplayName("RFC 9112 §3.2: an HTTP/1.1 request without Host is 400")
  @Test
  void noHost() {
    refused("GET /api/x HTTP/1.1\r\n\r\n", 400, "invalid_host");
  }

  @DisplayName("RFC 9112 §3.2: two Host lines are 400")
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"Host: edge\r\nHost: edge", "Host: edge\r\nHost: evil", "Host: edge\r\nhost: evil"})
  void twoHosts(String hosts) {
    refused("GET /api/x HTTP/1.1\r\n" + hosts + "\r\n\r\n", 400, "invalid_host");
  }

  @DisplayName("RFC 9112 §3.2 / RFC 3986 §3.2: an invalid Host value is 400")
  @ParameterizedTest(name = "Host: [{0}]")
  @ValueSource(strings = {"u@a", "user:pass@edge", "a b", "a,b", "edge, evil", "edge:abc", "edge:99999", "edge:", "", "[::1",
    "edge/x", "edge\\x", "%65dge"})
  void invalidHost(String host) {
    refused("GET /api/x HTTP/1.1\r\nHost: " + host + "\r\n\r\n", 400, "invalid_host");
  }

  @DisplayName("RFC 9112 §3.2: HTTP/1.0 may leave Host out")
  @Test
  void http10WithoutHost() {
    Response r = edge.exchange("GET /api/x HTTP/1.0\r\n\r\n");
    assertThat(r.status()).isEqualTo(200);
    assertThat(edge.onlyUpstreamRequest().uri()).isEqualTo("/api/x");
  }

  @DisplayName("RFC 9112 §3.2.2: an absolute-form target is forwarded in origin form when it names the Host")
  @Test
  void absoluteFormSameHost() {
    Response r = edge.exchange("GET http://edge/api/x?y=1 HTTP/1.1\r\nHost: edge\r\n\r\n");
    assertThat(r.status()).isEqualTo(200);
    assertThat(edge.onlyUpstreamRequest().uri()).isEqualTo("/api/x?y=1");
    assertThat(edge.onlyUpstreamRequest().host()).isEqualTo("edge");
  }

  @DisplayName("RFC 9112 §3.2.2: an absolute-form target naming another host than Host is 400 (no Host confusion)")
  @Test
  void absoluteFormOtherHost() {
    refused("GET http://evil/api/x HTTP/1.1\r\nHost: edge\r\n\r\n", 400, "invalid_host");
  }

  // ---- §3.2 request-target

  @DisplayName("RFC 9112 §3.2: control bytes, bare CR, whitespace or a fragment in the target are 400, never forwarded")
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "NUL|/api/x\u0000y",
    "SOH|/api/x\u0001y",
    "DEL|/api/x\u007fy",
    "ESC|/api/\u001b[0m",
    "bare CR|/api/x\ry",
    "tab|/api/x\ty",
    "vertical tab|/api/x\u000by",
    "fragment|/api/x#y",
  })
  void badTargetBytes(String name, String target) {
    refused("GET " + target + " HTTP/1.1\r\nHost: edge\r\n\r\n", 400,
      name.equals("bare CR") || name.equals("tab") || name.equals("vertical tab") ? "bad_request_line" : "bad_request_target");
  }

  @DisplayName("RFC 9112 §3.2: a space inside the target makes the request line invalid: 400")
  @Test
  void spaceInTarget() {
    refused("GET /api/a b HTTP/1.1\r\nHost: edge\r\n\r\n", 400, "bad_request_line");
  }

  @DisplayName("RFC 9112 §3.2.3/§3.2.4: authority and asterisk forms are refused (no CONNECT tunnels, no OPTIONS *)")
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"OPTIONS * HTTP/1.1", "GET edge:443 HTTP/1.1", "GET api/x HTTP/1.1"})
  void otherTargetForms(String line) {
    refused(line + "\r\nHost: edge\r\n\r\n", 400, "bad_request_target");
  }

  @DisplayName("nginx large_client_header_buffers: an over-long request line is 414")
  @Test
  void longRequestLine() {
    refused("GET /api/" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: edge\r\n\r\n", 414, "uri_too_long");
  }

  @DisplayName("RFC 6585 §5: oversized headers are 431")
  @Test
  void hugeHeaders() {
    refused("GET /api/x HTTP/1.1\r\nHost: edge\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n", 431, "headers_too_large");
  }

  // ---- §2.3 version

  @DisplayName("RFC 9113 §3.4: the HTTP/2 preface on the plain port is 505 and closes")
  @Test
  void http2Preface() {
    refused("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505, "http_version_not_supported");
  }

  @DisplayName("RFC 9112 §2.3: an HTTP version other than 1.0/1.1 is 505; a malformed one (HTTP/0.9, lower case) is 400")
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "GET /api/x HTTP/1.2|505|http_version_not_supported",
    "GET /api/x HTTP/3.0|505|http_version_not_supported",
    "GET /api/x http/1.1|400|bad_request_line",
    "GET /api/x HTTP/1.1.1|400|bad_request_line",
    "GET /api/x HTTP/11|400|bad_request_line",
  })
  void versions(String line, int status, String code) {
    refused(line + "\r\nHost: edge\r\n\r\n", status, code);
  }

  @DisplayName("RFC 1945: an HTTP/0.9 simple request is refused")
  @Test
  void http09() {
    int before = edge.upstreamHits();
    try (RawHttp raw = edge.raw()) {
      raw.send("GET /api/x\r\n\r\n");
      assertThat(new String(raw.drain(Duration.ofSeconds(5)), java.nio.charset.StandardCharsets.ISO_8859_1))
        .matches("(?s)HTTP/1\\.[01] 400 .*");
    }
    assertThat(edge.upstreamHits()).isEqualTo(before);
  }

  // ---- RFC 9110 §9 methods

  @DisplayName("RFC 9110 §9.3.8 / OWASP XST: TRACE is 405 with Allow and never forwarded (no cookie echo)")
  @Test
  void trace() {
    refused("TRACE /api/trace HTTP/1.1\r\nHost: edge\r\nCookie: " + HostileEdge.SECRET_COOKIE + "\r\n\r\n", 405,
      "method_not_allowed");
    Response r = edge.exchange("TRACE /api/trace HTTP/1.1\r\nHost: edge\r\nCookie: " + HostileEdge.SECRET_COOKIE + "\r\n\r\n");
    assertThat(r.header("Allow")).isEqualTo("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    assertThat(r.text()).doesNotContain("s3cr3t");
  }

  @DisplayName("RFC 9110 §9.3.6: CONNECT is 405 and closes (the edge is no tunnel)")
  @Test
  void connect() {
    refused("CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n", 405, "method_not_allowed");
  }

  @DisplayName("RFC 9110 §9.1: a method the edge does not implement is 501")
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"PROPFIND", "FOO", "get", "BREW"})
  void unknownMethods(String method) {
    refused(method + " /api/x HTTP/1.1\r\nHost: edge\r\n\r\n", 501, "method_not_implemented");
  }

  @DisplayName("RFC 9110 §5.6.2: a method that is not a token is 400")
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"G(ET", "GE\"T", "G@T", "G{}T"})
  void badMethodTokens(String method) {
    refused(method + " /api/x HTTP/1.1\r\nHost: edge\r\n\r\n", 400, "bad_request_framing");
  }

  @DisplayName("RFC 9110 §9: the methods the API uses are forwarded")
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"GET", "HEAD", "DELETE", "OPTIONS"})
  void knownMethodsPass(String method) {
    try (RawHttp raw = edge.raw()) {
      Response r = raw.send(method + " /api/x HTTP/1.1\r\nHost: edge\r\n\r\n").read(method.equals("HEAD"));
      assertThat(r.status()).isEqualTo(200);
      assertThat(raw.closedByServer(Duration.ofMillis(200))).as("kept alive").isFalse();
    }
    assertThat(edge.onlyUpstreamRequest().method().name()).isEqualTo(method);
  }

  @DisplayName("RFC 9112 §2.2: a request line sent with leading empty lines is still read (robustness)")
  @Test
  void leadingCrlf() {
    assertThat(edge.exchange("\r\nGET /api/x HTTP/1.1\r\nHost: edge\r\n\r\n").status()).isEqualTo(200);
  }

  @DisplayName("RFC 9112 §2.2: a bare LF as a line end in the head is 400")
  @Test
  void bareLfInHead() {
    refused("GET /api/x HTTP/1.1\nHost: edge\n\n", 400, "bad_request_framing");
  }

  @DisplayName("RFC 9112 §5: a header line without a colon is 400")
  @Test
  void headerWithoutColon() {
    refused("GET /api/x HTTP/1.1\r\nHost: edge\r\nNoColonHere\r\n\r\n", 400, "bad_request_framing");
  }

  @DisplayName("RFC 9110 §5.5: NUL or a bare CR inside a header value is 400")
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"X-A: a\u0000b", "X-A: a\rb"})
  void controlsInHeaderValues(String header) {
    refused("GET /api/x HTTP/1.1\r\nHost: edge\r\n" + header + "\r\n\r\n", 400, "bad_request_framing");
  }
}
