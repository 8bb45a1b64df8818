package com.interview.proxy.headers;

import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HopByHopTest {

  @Test
  void stripsTheFixedSetAndEverythingConnectionNames() {
    MultiMap h = MultiMap.caseInsensitiveMultiMap()
      .add("Connection", "keep-alive, X-Secret").add("Keep-Alive", "timeout=5").add("TE", "trailers")
      .add("Transfer-Encoding", "chunked").add("Upgrade", "h2c").add("Proxy-Authorization", "Basic x")
      .add("Proxy-Foo", "1").add("X-Secret", "s").add("Accept", "*/*").add("Trailer", "x");
    HopByHop.strip(h, false);
    assertThat(h.names()).containsExactly("Accept");
  }

  @Test
  void keepsUpgradeForWebSockets() {
    MultiMap h = MultiMap.caseInsensitiveMultiMap().add("Connection", "Upgrade").add("Upgrade", "websocket")
      .add("Keep-Alive", "1");
    HopByHop.strip(h, true);
    assertThat(h.get("Upgrade")).isEqualTo("websocket");
    assertThat(h.get("Connection")).isEqualTo("Upgrade");
    assertThat(h.contains("Keep-Alive")).isFalse();
  }

  /** Heads of every shape the rule knows: the in-place form must leave exactly what the copy copies. */
  private static final String[][] HEADS = {
    {"Accept", "*/*"},
    {"Connection", "keep-alive", "Keep-Alive", "timeout=5", "Content-Length", "2", "X-A", "1"},
    {"Connection", "close, X-Secret", "X-Secret", "s", "x-secret", "t", "X-Kept", "k", "Host", "h"},
    {"connection", "X-One,  X-Two ,", "Connection", "X-Three", "X-One", "1", "X-Two", "2", "X-Three", "3", "X-Four", "4"},
    {"TE", "trailers", "Trailer", "x", "Transfer-Encoding", "chunked", "Upgrade", "h2c", "HTTP2-Settings", "AA",
      "Proxy-Authenticate", "Basic", "Proxy-Foo", "1", "Proxyish", "kept", "Set-Cookie", "a=1", "Set-Cookie", "b=2"},
  };

  @Test
  void keepingEndToEndInPlaceLeavesWhatTheCopyCopies() {
    for (String[] pairs : HEADS) {
      MultiMap decoded = HeadersMultiMap.httpHeaders();
      for (int i = 0; i < pairs.length; i += 2) {
        decoded.add(pairs[i], pairs[i + 1]);
      }
      MultiMap copied = MultiMap.caseInsensitiveMultiMap();
      HopByHop.copyEndToEnd(decoded, copied, false);
      HopByHop.keepEndToEnd(decoded);
      assertThat(lines(decoded)).as(String.join(",", pairs)).containsExactlyElementsOf(lines(copied));
    }
  }

  private static java.util.List<String> lines(MultiMap headers) {
    return headers.entries().stream().map(e -> e.getKey() + ": " + e.getValue()).toList();
  }

  @Test
  void connectionListsOnlyWhatIsNotHopByHopAlready() {
    assertThat(HopByHop.connectionNamed(MultiMap.caseInsensitiveMultiMap().add("Connection", "keep-alive"))).isNull();
    assertThat(HopByHop.connectionNamed(MultiMap.caseInsensitiveMultiMap())).isNull();
    assertThat(HopByHop.connectionNamed(MultiMap.caseInsensitiveMultiMap().add("Connection", " close ,X-A,, upgrade")
      .add("Connection", "\tX-B\t"))).containsExactly("close", "X-A", "X-B");
  }

  @Test
  void isEndToEndTakesAnyCharSequence() {
    assertThat(HopByHop.isEndToEnd(AsciiString.cached("Keep-Alive"), null)).isFalse();
    assertThat(HopByHop.isEndToEnd(new StringBuilder("HOST"), null)).isFalse();
    assertThat(HopByHop.isEndToEnd(AsciiString.cached("X-Named"), java.util.List.of("x-named"))).isFalse();
    assertThat(HopByHop.isEndToEnd(AsciiString.cached("X-Other"), java.util.List.of("x-named"))).isTrue();
    assertThat(HopByHop.isEndToEnd(":status", null)).isFalse();
    assertThat(HopByHop.isEndToEnd("Proxy-Authorization-Long-Name", null)).isFalse();
  }
}
