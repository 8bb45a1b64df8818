package com.interview.proxy.connlimit;

import com.interview.proxy.EdgeConfig;
import com.interview.proxy.EdgeFixture;
import com.interview.testing.Poll;
import com.interview.testing.RawHttp;
import com.interview.testing.RawHttp.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code proxy.connections} with real keep-alive sockets: connections within the limits are served, the first
 * request of an excess connection is answered {@code connections.status} and the connection closed, and a
 * closed connection gives its place back.
 */
class ConnectionLimitIntegrationTest {

  private static final String GET = "GET /api/x HTTP/1.1\r\nHost: edge\r\n\r\n";

  private EdgeFixture edge;

  @AfterEach
  void stop() {
    if (edge != null) {
      edge.close();
    }
  }

  @Test
  void aThirdConnectionFromOneAddressIsRefusedUntilOneCloses() {
    edge = EdgeFixture.start(EdgeConfig.defaults().connections(2, 0, 503).build());
    assertLimitOfTwo("Too many connections from your address (at most 2).");
  }

  @Test
  void theTotalLimitRefusesTheConnectionOverIt() {
    edge = EdgeFixture.start(EdgeConfig.defaults().connections(0, 2, 503).build());
    assertLimitOfTwo("The proxy has too many open connections (at most 2).");
  }

  @Test
  void theRefusalStatusComesFromConfiguration() {
    edge = EdgeFixture.start(EdgeConfig.defaults().connections(1, 0, 429).build());
    try (RawHttp one = new RawHttp(edge.port()); RawHttp two = new RawHttp(edge.port())) {
      assertThat(one.send(GET).read().status()).isEqualTo(200);
      Response refused = two.send(GET).read();
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.json().getString("code")).isEqualTo("too_many_connections");
      assertThat(refused.json().getInteger("status")).isEqualTo(429);
    }
  }

  private void assertLimitOfTwo(String detail) {
    int port = edge.port();
    try (RawHttp one = new RawHttp(port); RawHttp two = new RawHttp(port)) {
      assertThat(one.send(GET).read().status()).isEqualTo(200);
      assertThat(two.send(GET).read().status()).isEqualTo(200);
      assertThat(edge.shared().connections().active()).isEqualTo(2);

      try (RawHttp three = new RawHttp(port)) {
        Response refused = three.send(GET).read();
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(refused.header("Connection")).isEqualTo("close");
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(refused.json().getString("code")).isEqualTo("too_many_connections");
        assertThat(refused.json().getInteger("status")).isEqualTo(503);
        assertThat(refused.json().getString("detail")).isEqualTo(detail);
        EdgeFixture.assertSecurityHeaders(refused::header);
        assertThat(three.closedByServer(Duration.ofSeconds(10))).isTrue();
      }
      assertThat(edge.arrived()).hasSize(2);

      // the first two are kept alive and still work
      assertThat(one.send(GET).read().status()).isEqualTo(200);
      assertThat(two.send(GET).read().status()).isEqualTo(200);

      one.close();
      Response afterClose = Poll.until(() -> {
        try (RawHttp four = new RawHttp(port)) {
          return four.send(GET).read();
        }
      }, r -> r.status() == 200, Duration.ofSeconds(10));
      assertThat(afterClose.status()).isEqualTo(200);
      assertThat(two.send(GET).read().status()).isEqualTo(200);
    }
    Poll.until(() -> edge.shared().connections().active(), n -> n == 0, Duration.ofSeconds(10));
    assertThat(edge.shared().connections().active()).isZero(); // every place was given back
  }
}
