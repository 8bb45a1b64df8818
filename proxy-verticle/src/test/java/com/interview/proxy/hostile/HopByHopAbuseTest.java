package com.interview.proxy.hostile;

import com.interview.proxy.Backend;
import com.interview.testing.RawHttp;
import com.interview.testing.RawHttp.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hop-by-hop header abuse (RFC 9110 §7.6.1; Nathan Davison, "abusing HTTP hop-by-hop request headers") and
 * forwarded-header forgery: what the client's {@code Connection} names is removed from the client's headers only,
 * before the proxy adds its own, so no client can make the upstream lose or believe a forged client address,
 * request id, scheme or host. The upstream's view is asserted for each.
 */
class HopByHopAbuseTest {

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

  private Backend.Seen through(String headers) {
    Response r = edge.exchange("GET /api/x HTTP/1.1\r\nHost: edge\r\n" + headers + "\r\n\r\n");
    assertThat(r.status()).isEqualTo(200);
    Backend.Seen seen = edge.onlyUpstreamRequest();
    assertThat(seen.header("X-Request-Id")).as("the id the client was told").isEqualTo(r.header("X-Request-Id"));
    return seen;
  }

  @DisplayName("Davison / RFC 9110 §7.6.1: Connection naming the forwarding headers cannot strip the proxy's")
  @ParameterizedTest(name = "Connection: {0}")
  @ValueSource(strings = {"X-Forwarded-For, X-Real-IP", "close, X-Forwarded-For", "x-real-ip,x-forwarded-for",
    "X-Forwarded-Proto, X-Forwarded-Host", "X-Request-Id", "keep-alive, X-Forwarded-For, X-Real-IP, X-Forwarded-Proto, X-Forwarded-Host, X-Request-Id"})
  void connectionCannotRemoveTheProxysHeaders(String named) {
    Backend.Seen seen = through("Connection: " + named + "\r\nX-Request-Id: client-chosen");
    assertThat(seen.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
    assertThat(seen.header("X-Real-IP")).isEqualTo("127.0.0.1");
    assertThat(seen.header("X-Forwarded-Proto")).isEqualTo("http");
    assertThat(seen.header("X-Forwarded-Host")).isEqualTo("edge");
    assertThat(seen.header("X-Request-Id")).isNotBlank();
    assertThat(seen.header("Connection")).isNull();
  }

  @DisplayName("RFC 9110 §7.6.1: the client's headers that Connection names are not forwarded")
  @Test
  void namedClientHeadersAreRemoved() {
    Backend.Seen seen = through("Connection: X-Secret-Thing, Cookie\r\nX-Secret-Thing: 1\r\nCookie: a=b\r\nX-Kept: 2");
    assertThat(seen.header("X-Secret-Thing")).isNull();
    assertThat(seen.header("Cookie")).isNull();
    assertThat(seen.header("X-Kept")).isEqualTo("2");
  }

  @DisplayName("RFC 9110 §7.6.1: Connection cannot unframe the request (Content-Length, Transfer-Encoding, Host stay)")
  @Test
  void connectionCannotTouchFraming() {
    try (RawHttp raw = edge.raw()) {
      raw.send("POST /api/x HTTP/1.1\r\nHost: edge\r\nConnection: Content-Length, Host\r\nContent-Length: 5\r\n\r\nhello"
        + "GET /api/next HTTP/1.1\r\nHost: edge\r\n\r\n");
      assertThat(raw.read().status()).isEqualTo(200);
      assertThat(raw.read().status()).isEqualTo(200);
    }
    assertThat(edge.upstreamSaw()).extracting(Backend.Seen::uri).containsExactlyInAnyOrder("/api/x", "/api/next");
    Backend.Seen post = edge.upstreamSaw().stream().filter(s -> s.uri().equals("/api/x")).findFirst().orElseThrow();
    assertThat(post.body().toString()).isEqualTo("hello");
    assertThat(post.host()).isEqualTo("edge");
  }

  @DisplayName("nginx realip: forwarding headers from an untrusted client are replaced, X-Forwarded-For appended to")
  @Test
  void forgedForwardingHeadersAreReplaced() {
    Backend.Seen seen = through("X-Forwarded-For: 6.6.6.6\r\nX-Real-IP: 6.6.6.6\r\nX-Forwarded-Proto: https\r\n"
      + "X-Forwarded-Host: evil.example\r\nForwarded: for=6.6.6.6");
    assertThat(seen.header("X-Forwarded-For")).isEqualTo("6.6.6.6, 127.0.0.1");
    assertThat(seen.header("X-Real-IP")).isEqualTo("127.0.0.1");
    assertThat(seen.header("X-Forwarded-Proto")).isEqualTo("http");
    assertThat(seen.header("X-Forwarded-Host")).isEqualTo("edge");
  }

  @DisplayName("RFC 9110 §7.6.1: hop-by-hop and Proxy-* headers are never forwarded")
  @Test
  void hopByHopHeadersStayHere() {
    Backend.Seen seen = through("Keep-Alive: timeout=5\r\nTE: trailers\r\nTrailer: X-T\r\nProxy-Authorization: Basic eA==\r\n"
      + "Proxy-Connection: keep-alive\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA");
    for (String h : new String[] {"Keep-Alive", "TE", "Trailer", "Proxy-Authorization", "Proxy-Connection", "Upgrade",
      "HTTP2-Settings", "Connection"}) {
      assertThat(seen.header(h)).as(h).isNull();
    }
  }

  @DisplayName("RFC 9112 §9.6: Connection: close is honoured (the answer says so and the connection closes)")
  @Test
  void connectionCloseIsHonoured() {
    try (RawHttp raw = edge.raw()) {
      Response r = raw.send("GET /api/x HTTP/1.1\r\nHost: edge\r\nConnection: close, X-Forwarded-For\r\n\r\n").read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Connection")).isEqualTo("close");
      assertThat(raw.closedByServer(Duration.ofSeconds(5))).isTrue();
    }
    assertThat(edge.onlyUpstreamRequest().header("X-Forwarded-For")).isEqualTo("127.0.0.1");
  }

  @DisplayName("RFC 7230 §6.7 / h2c smuggling (BishopFox): Upgrade: h2c is stripped, never a 101 or a tunnel")
  @Test
  void h2cUpgradeIsStripped() {
    try (RawHttp raw = edge.raw()) {
      Response r = raw.send("GET /api/x HTTP/1.1\r\nHost: edge\r\nUpgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\n"
        + "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n").read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Upgrade")).isNull();
      assertThat(raw.send("GET /api/y HTTP/1.1\r\nHost: edge\r\n\r\n").read().status()).as("still HTTP/1.1").isEqualTo(200);
    }
    assertThat(edge.upstreamSaw()).allSatisfy(seen -> {
      assertThat(seen.header("Upgrade")).isNull();
      assertThat(seen.header("HTTP2-Settings")).isNull();
      assertThat(seen.header("Connection")).isNull();
    });
  }

  @DisplayName("RFC 6455 §4.1: a WebSocket upgrade on a route that does not allow it is forwarded as a plain GET")
  @Test
  void websocketUpgradeOffItsRouteIsStripped() {
    Response r = edge.exchange("GET /api/x HTTP/1.1\r\nHost: edge\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    assertThat(r.status()).isEqualTo(200);
    assertThat(edge.onlyUpstreamRequest().header("Upgrade")).isNull();
    assertThat(edge.onlyUpstreamRequest().header("Connection")).isNull();
  }

  @DisplayName("RFC 9110 §7.8: on a WebSocket route, any other upgrade (or a POST) is stripped too")
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"GET|foo", "GET|h2c", "POST|websocket", "GET|websocket, h2c"})
  void otherUpgradesOnAWebSocketRouteAreStripped(String methodAndUpgrade) {
    String[] p = methodAndUpgrade.split("\\|");
    Response r = edge.exchange(p[0] + " /api/ws/room HTTP/1.1\r\nHost: edge\r\nUpgrade: " + p[1] + "\r\nConnection: Upgrade\r\n"
      + "Content-Length: 0\r\n\r\n");
    assertThat(r.status()).isEqualTo(200);
    assertThat(edge.onlyUpstreamRequest().header("Upgrade")).isNull();
  }
}
