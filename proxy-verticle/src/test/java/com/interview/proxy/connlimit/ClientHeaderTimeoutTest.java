package com.interview.proxy.connlimit;

import com.interview.proxy.EdgeConfig;
import com.interview.proxy.EdgeFixture;
import com.interview.testing.RawHttp;
import com.interview.testing.RawHttp.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code timeouts.clientHeader} (nginx {@code client_header_timeout}): a slowloris gets a raw 408 and is closed. */
class ClientHeaderTimeoutTest {

  private static EdgeFixture edge;

  @BeforeAll
  static void start() {
    edge = EdgeFixture.start(EdgeConfig.defaults().clientTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(5)).build());
  }

  @AfterAll
  static void stop() {
    edge.close();
  }

  @BeforeEach
  void forget() {
    edge.arrived().clear();
  }

  @Test
  void halfARequestHeadIsAnswered408AndClosed() {
    try (RawHttp raw = new RawHttp(edge.port())) {
      long t0 = System.nanoTime();
      raw.send("GET /api/x HTTP/1.1\r\nHost: edge\r\nX-Slow: ");
      Response response = raw.read();
      long ms = (System.nanoTime() - t0) / 1_000_000;

      assertThat(response.status()).isEqualTo(408);
      assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(response.json().getString("code")).isEqualTo("client_header_timeout");
      assertThat(response.json().getInteger("status")).isEqualTo(408);
      assertThat(ms).isBetween(800L, 8000L);
      assertThat(raw.closedByServer(Duration.ofSeconds(10))).isTrue();
    }
    assertThat(edge.arrived()).isEmpty();
  }

  @Test
  void aConnectionThatSendsNothingIsClosedToo() {
    try (RawHttp raw = new RawHttp(edge.port())) {
      Response response = raw.read();
      assertThat(response.status()).isEqualTo(408);
      assertThat(raw.closedByServer(Duration.ofSeconds(10))).isTrue();
    }
  }

  @Test
  void aCompleteHeadInTimeIsServedAndTheConnectionOutlivesTheHeaderTimeout() {
    try (RawHttp raw = new RawHttp(edge.port())) {
      assertThat(raw.send("GET /api/x HTTP/1.1\r\nHost: edge\r\n\r\n").read().status()).isEqualTo(200);
      // idle past the header timeout: a kept-alive connection is governed by keepAliveTimeout, not clientHeader
      assertThat(raw.closedByServer(Duration.ofMillis(1500))).isFalse();
      assertThat(raw.send("GET /api/y HTTP/1.1\r\nHost: edge\r\n\r\n").read().status()).isEqualTo(200);
    }
  }
}
