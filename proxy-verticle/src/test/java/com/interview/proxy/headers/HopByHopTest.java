package com.interview.proxy.headers;

import io.vertx.core.MultiMap;
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
}
