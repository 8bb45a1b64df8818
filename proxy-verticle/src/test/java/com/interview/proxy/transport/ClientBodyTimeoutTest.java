package com.interview.proxy.transport;

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

/** {@code timeouts.clientBody} (nginx {@code client_body_timeout}): a body that stalls is answered 408. */
class ClientBodyTimeoutTest {

  private static EdgeFixture edge;

  @BeforeAll
  static void start() {
    // no minimum rate: which 408 a stalled body gets must not depend on how fast a busy machine delivers its first
    // bytes (5 bytes late by 5 ms already miss a 1 KiB/s deadline); the rate has its own tests
    edge = EdgeFixture.start(EdgeConfig.defaults().clientTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1), 0).build());
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
  void aBodyThatStopsHalfWayIs408AndTheConnectionCloses() {
    try (RawHttp raw = new RawHttp(edge.port())) {
      long t0 = System.nanoTime();
      raw.send("POST /api/x HTTP/1.1\r\nHost: edge\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\n12345");
      Response response = raw.read();
      long ms = (System.nanoTime() - t0) / 1_000_000;

      assertThat(response.status()).isEqualTo(408);
      assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(response.json().getString("code")).isEqualTo("client_body_timeout");
      assertThat(response.header("Connection")).isEqualTo("close");
      EdgeFixture.assertSecurityHeaders(response::header);
      assertThat(ms).isBetween(800L, 8000L);
      // the connection is closed: the rest of this body must never be read as the next request
      assertThat(raw.closedByServer(Duration.ofSeconds(10))).isTrue();
    }
    assertThat(edge.arrived()).isEmpty();
  }

  @Test
  void aChunkedBodyThatStallsIs408() {
    try (RawHttp raw = new RawHttp(edge.port())) {
      raw.send("POST /api/x HTTP/1.1\r\nHost: edge\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
      assertThat(raw.read().status()).isEqualTo(408);
    }
    assertThat(edge.arrived()).isEmpty();
  }

  @Test
  void aSlowButSteadyBodyIsNotCutOff() {
    EdgeFixture patient = EdgeFixture.start(EdgeConfig.defaults().clientTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)).build());
    try (RawHttp raw = new RawHttp(patient.port())) {
      raw.send("POST /api/x HTTP/1.1\r\nHost: edge\r\nContent-Length: 10\r\n\r\n12345");
      // a pause shorter than the timeout, measured by waiting for an answer that must not come
      assertThat(raw.closedByServer(Duration.ofMillis(500))).isFalse();
      Response response = raw.send("67890").read();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.json().getString("body")).isEqualTo("1234567890");
    } finally {
      patient.close();
    }
  }
}
