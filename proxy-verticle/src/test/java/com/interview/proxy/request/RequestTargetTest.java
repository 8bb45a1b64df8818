package com.interview.proxy.request;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 3986 §5.2.4 / §6.2.2 normalisation and the RFC 9112 §3.2 target checks, exactly. */
class RequestTargetTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = ' ', value = {
    "/ /",
    "/api/questions /api/questions",
    "/api/questions?limit=5&q=a%20b /api/questions?limit=5&q=a%20b",
    "/api/auth/../interviews /api/interviews",
    "/api/./auth/login /api/auth/login",
    "/api//auth///login /api/auth/login",
    "/api/auth/%2e%2e/interviews /api/interviews",
    "/api/auth/.%2E/interviews /api/interviews",
    "/api/%61uth/login /api/auth/login",
    "/api/x%7ey /api/x~y",
    "/api/a%2cb /api/a%2Cb",
    "/api/a/b/.. /api/a/",
    "/api/a/b/. /api/a/b/",
    "/api/a/ /api/a/",
    "/api/a%20b /api/a%20b",
    "/api/a|b /api/a%7Cb",
    "/api/{x} /api/%7Bx%7D",
    "/api/x?a=|b /api/x?a=%7Cb",
    "/api/x?next=/a/../b /api/x?next=/a/../b",
    "/.well-known/x /.well-known/x",
    "/api/%C3%A9 /api/%C3%A9",
    "http://edge/api/x?y=1 /api/x?y=1",
    "HTTP://edge /",
  })
  void normalises(String raw, String expected) {
    assertThat(RequestTarget.parse(raw).uri()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ' ', value = {"/api/x?y=1 /api/x", "/api/a/../b?c /api/b"})
  void thePathIsTheNormalisedPathWithoutTheQuery(String raw, String path) {
    assertThat(RequestTarget.parse(raw).path()).isEqualTo(path);
  }

  @org.junit.jupiter.api.Test
  void aCanonicalTargetIsReturnedAsIs() {
    String raw = "/api/questions/2b1f?x=1";
    assertThat(RequestTarget.parse(raw).uri()).isSameAs(raw);
  }

  @org.junit.jupiter.api.Test
  void rawNonAsciiBytesAreEncoded() {
    assertThat(RequestTarget.parse("/api/\u00c3\u00a9").uri()).isEqualTo("/api/%C3%A9");
  }

  @org.junit.jupiter.api.Test
  void anAbsoluteTargetKeepsItsAuthorityForTheHostCheck() {
    RequestTarget t = RequestTarget.parse("http://Edge:8080/api/x");
    assertThat(t.authority()).isEqualTo("Edge:8080");
    assertThat(t.uri()).isEqualTo("/api/x");
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "/api/%2f", "/api/%2F..%2Fadmin", "/api/%5c", "/api/a\\b", "/api/%00", "/api/x%0d%0aSet-Cookie:a", "/..", "/api/../..",
    "/api/../../etc/passwd", "/a/%2e%2e/%2e%2e/b", "/api/%", "/api/%zz", "/api/%4", "/api/x#frag", "/api/x\u0000y",
    "/api/x\u0001", "/api/x\ry", "/api/x y", "/api/x\ty", "/api/\u007f", "*", "edge:443", "api/x", "ftp://edge/x", "http:///x",
    "/api/x?a=%00", "/api/x?a=%", "",
  })
  void refuses(String raw) {
    assertThatThrownBy(() -> RequestTarget.parse(raw)).isInstanceOf(RequestRefused.class)
      .satisfies(e -> {
        assertThat(((RequestRefused) e).failure().status()).isEqualTo(400);
        assertThat(((RequestRefused) e).failure().code()).isEqualTo("bad_request_target");
      });
  }
}
