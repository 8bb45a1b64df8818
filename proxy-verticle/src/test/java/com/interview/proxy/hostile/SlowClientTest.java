package com.interview.proxy.hostile;

import com.interview.proxy.HttpProxy;
import com.interview.proxy.config.Timeouts;
import com.interview.testing.RawHttp;
import com.interview.testing.RawHttp.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow clients cannot hold the edge (slowloris, slow body / R.U.D.Y., slow read — the three modes of
 * {@code slowhttptest}; nginx's {@code client_header_timeout}, {@code client_body_timeout}, {@code send_timeout};
 * HAProxy's {@code timeout http-request}): each is cut — with a 408 where an answer can still be sent — and
 * counted, a client on another address keeps being served meanwhile, and the attacker's per-IP connection slots are
 * free again once its sockets are gone, whichever way they went. Timeouts are short here (2 s for the head and the
 * send, 1–2 s for body pauses); the defaults' case of the issue is run as is.
 */
class SlowClientTest {

  private static final String HEAD = "GET /api/x HTTP/1.1\r\nHost: edge\r\n";
  private HostileEdge edge;

  @AfterEach
  void stop() {
    if (edge != null) {
      edge.close();
    }
  }

  private static Timeouts timeouts(Duration body, long minRate) {
    return new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(2), body, Duration.ofSeconds(2), minRate);
  }

  /** Sends {@code line} every {@code everyMs} until the server answers or closes, or {@code forMs} pass; what came back. */
  private static String trickle(RawHttp raw, String first, String line, long everyMs, long forMs) throws InterruptedException {
    raw.send(first);
    long end = System.nanoTime() + forMs * 1_000_000;
    while (System.nanoTime() < end) {
      Thread.sleep(everyMs); // the attacker's pace
      try {
        raw.send(line);
      } catch (java.io.UncheckedIOException closed) {
        break;
      }
      byte[] got = raw.drain(Duration.ofMillis(1));
      if (got.length > 0) {
        return new String(got, StandardCharsets.ISO_8859_1) + new String(raw.drain(Duration.ofSeconds(2)), StandardCharsets.ISO_8859_1);
      }
    }
    return new String(raw.drain(Duration.ofSeconds(5)), StandardCharsets.ISO_8859_1);
  }

  private void assertOthersServed() {
    try (RawHttp other = edge.rawFrom("127.0.0.3")) {
      assertThat(other.send("GET /health HTTP/1.1\r\nHost: edge\r\n\r\n").read().status()).isEqualTo(200);
      assertThat(other.send(HEAD + "\r\n").read().status()).isEqualTo(200);
    }
  }

  private void assertSlotsFree(String address) {
    HttpProxy.eventually("no connection of " + address + " counted", 10_000,
      () -> edge.shared().connections().active(address) == 0);
  }

  @DisplayName("slowloris (slowhttptest -H): a head trickled a line at a time is cut at clientHeader, not reset per line")
  @Test
  void slowlorisIsCutForTheWholeHead() throws Exception {
    edge = HostileEdge.builder().timeouts(timeouts(Duration.ofSeconds(2), 1024)).start();
    long start = System.nanoTime();
    try (RawHttp raw = edge.rawFrom("127.0.0.2")) {
      String answer = trickle(raw, HEAD, "X-a: b\r\n", 300, 10_000);
      assertThat(answer).startsWith("HTTP/1.").contains(" 408 ").contains("client_header_timeout")
        .contains("X-Frame-Options: DENY");
      assertThat(raw.closedByServer(Duration.ofSeconds(5))).isTrue();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not before the head timeout").isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(edge.clientTimeouts("header")).isEqualTo(1);
    assertThat(edge.upstreamHits()).isZero();
    assertSlotsFree("127.0.0.2");
  }

  @DisplayName("nginx client_header_timeout: a connection that sends nothing gets 408 and is closed")
  @Test
  void anIdleNewConnectionIsCut() {
    edge = HostileEdge.builder().timeouts(timeouts(Duration.ofSeconds(2), 1024)).start();
    try (RawHttp raw = edge.rawFrom("127.0.0.2")) {
      Response r = raw.read();
      assertThat(r.status()).isEqualTo(408);
      assertThat(r.json().getString("code")).isEqualTo("client_header_timeout");
      assertThat(raw.closedByServer(Duration.ofSeconds(5))).isTrue();
    }
    assertSlotsFree("127.0.0.2");
  }

  @DisplayName("HAProxy timeout http-request: the second head on a keep-alive connection is timed as a whole too")
  @Test
  void aSlowSecondHeadIsCut() throws Exception {
    edge = HostileEdge.builder().timeouts(timeouts(Duration.ofSeconds(2), 1024)).start();
    try (RawHttp raw = edge.rawFrom("127.0.0.2")) {
      assertThat(raw.send(HEAD + "\r\n").read().status()).isEqualTo(200);
      String answer = trickle(raw, HEAD, "X-a: b\r\n", 300, 10_000);
      assertThat(answer).contains(" 408 ").contains("client_header_timeout");
    }
    assertThat(edge.upstreamHits()).isEqualTo(1);
  }

  @DisplayName("client_header_timeout counts from each head's first byte, not from an earlier head of the connection")
  @Test
  void aSecondHeadHasItsWholeTimeout() throws Exception {
    edge = HostileEdge.builder().timeouts(new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5),
      Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(2), 1024)).start();
    try (RawHttp raw = edge.rawFrom("127.0.0.2")) {
      assertThat(raw.send(HEAD + "\r\n").read().status()).isEqualTo(200);
      Thread.sleep(2_000); // the connection's head timer, armed by the first head, falls due 1 s into the second
      raw.send("GET /api/x HTTP/1.1\r\n");
      Thread.sleep(700);
      raw.send("Host: edge\r\n");
      Thread.sleep(700);
      assertThat(raw.send("\r\n").read().status()).as("a head whole within its 3 s").isEqualTo(200);
    }
    assertThat(edge.upstreamHits()).isEqualTo(2);
  }

  @DisplayName("R.U.D.Y. (slowhttptest -B): a body below minBodyRate is cut with 408 even when no pause is long")
  @Test
  void aBodyBelowTheMinimumRateIsCut() throws Exception {
    edge = HostileEdge.builder().timeouts(timeouts(Duration.ofSeconds(2), 1024)).start();
    try (RawHttp raw = edge.rawFrom("127.0.0.2")) {
      String answer = trickle(raw, "POST /api/x HTTP/1.1\r\nHost: edge\r\nContent-Length: 1000000\r\n\r\n", "a", 500, 10_000);
      assertThat(answer).contains(" 408 ").contains("client_body_too_slow");
    }
    assertThat(edge.clientTimeouts("body")).isEqualTo(1);
    assertThat(edge.upstreamHits()).isZero();
    assertSlotsFree("127.0.0.2");
  }

  @DisplayName("nginx client_body_timeout, PortSwigger pause-based desync: a body pausing past clientBody is cut with 408")
  @Test
  void aPausedBodyIsCut() throws Exception {
    edge = HostileEdge.builder().timeouts(timeouts(Duration.ofSeconds(1), 0)).start();
    try (RawHttp raw = edge.rawFrom("127.0.0.2")) {
      raw.send("POST /api/x HTTP/1.1\r\nHost: edge\r\nContent-Length: 48\r\n\r\nabc");
      Response r = raw.read();
      assertThat(r.status()).isEqualTo(408);
      assertThat(r.json().getString("code")).isEqualTo("client_body_timeout");
      // PortSwigger's pause-based desync: what comes after the pause is never read as a request
      try {
        raw.send("GET /api/smuggled HTTP/1.1\r\nHost: edge\r\n\r\n");
      } catch (java.io.UncheckedIOException closed) {
        // closed already
      }
      assertThat(raw.closedByServer(Duration.ofSeconds(5))).isTrue();
    }
    assertThat(edge.upstreamHits()).isZero();
  }

  @DisplayName("the issue's case with the defaults: 1 MB at one byte per 5 s is cut within 60 s")
  @Test
  void theDefaultsCutAOneBytePerFiveSecondsBody() throws Exception {
    edge = HostileEdge.builder().timeouts(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(10),
      Duration.ofSeconds(10))).start();
    long start = System.nanoTime();
    try (RawHttp raw = edge.rawFrom("127.0.0.2")) {
      String answer = trickle(raw, "POST /api/x HTTP/1.1\r\nHost: edge\r\nContent-Length: 1000000\r\n\r\n", "a", 5000, 60_000);
      assertThat(answer).contains(" 408 ");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
    assertThat(edge.upstreamHits()).isZero();
  }

  @DisplayName("slow read (slowhttptest -X), nginx send_timeout: a client that stops reading its answer is cut")
  @Test
  void aReaderThatStopsReadingIsCut() throws Exception {
    edge = HostileEdge.builder().timeouts(timeouts(Duration.ofSeconds(2), 1024)).start();
    try (RawHttp raw = RawHttp.slowReader("127.0.0.2", edge.port())) {
      raw.send("GET /api/big HTTP/1.1\r\nHost: edge\r\n\r\n");
      HttpProxy.eventually("the send timeout cut the connection", 20_000, () -> edge.clientTimeouts("send") == 1);
      byte[] got = raw.drain(Duration.ofSeconds(10));
      assertThat(got.length).as("bytes the reader got before the cut").isLessThan(HostileEdge.BIG);
    }
    assertOthersServed();
    assertSlotsFree("127.0.0.2");
    HttpProxy.eventually("upstream connection freed", 10_000,
      () -> edge.shared().upstreams().servers().stream().allMatch(u -> u.inFlight() == 0));
  }

  @DisplayName("nginx-tests limit_conn.t: 30 slowloris connections from one address hold 20 slots, others are served")
  @Test
  void aSlowlorisCrowdFromOneAddressDoesNotStarveOthers() throws Exception {
    edge = HostileEdge.builder().timeouts(timeouts(Duration.ofSeconds(2), 1024)).perIp(20).start();
    List<RawHttp> crowd = new ArrayList<>();
    try {
      for (int i = 0; i < 30; i++) {
        crowd.add(edge.rawFrom("127.0.0.2").send(HEAD));
      }
      HttpProxy.eventually("20 slots taken", 5_000, () -> edge.shared().connections().active("127.0.0.2") == 20);
      assertOthersServed();
      for (RawHttp c : crowd) {
        c.drain(Duration.ofSeconds(6)); // every one is answered (408 or 503) and closed
      }
    } finally {
      crowd.forEach(RawHttp::close);
    }
    assertSlotsFree("127.0.0.2");
    List<RawHttp> again = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        RawHttp c = edge.rawFrom("127.0.0.2");
        again.add(c);
        assertThat(c.send(HEAD + "\r\n").read().status()).as("slot %d after the attack", i).isEqualTo(200);
      }
    } finally {
      again.forEach(RawHttp::close);
    }
  }

  @DisplayName("no slot leak: connections ended by reset, error and shutdown give their slots back")
  @Test
  void slotsComeBackOnEveryPath() throws Exception {
    edge = HostileEdge.builder().timeouts(timeouts(Duration.ofSeconds(2), 1024)).perIp(20).start();
    for (int i = 0; i < 10; i++) {
      edge.rawFrom("127.0.0.2").send(HEAD).reset(); // reset mid-head
    }
    for (int i = 0; i < 10; i++) {
      try (RawHttp bad = edge.rawFrom("127.0.0.2")) {
        assertThat(bad.send("GET /api/x\u0000 HTTP/1.1\r\nHost: edge\r\n\r\n").read().status()).isEqualTo(400);
      }
    }
    assertSlotsFree("127.0.0.2");
    List<RawHttp> open = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      RawHttp c = edge.rawFrom("127.0.0.2");
      assertThat(c.send(HEAD + "\r\n").read().status()).isEqualTo(200);
      open.add(c);
    }
    assertThat(edge.shared().connections().active("127.0.0.2")).isEqualTo(5);
    edge.close(); // shutdown with keep-alive connections open
    HttpProxy.eventually("shutdown released them", 10_000, () -> edge.shared().connections().active() == 0);
    open.forEach(RawHttp::close);
    edge = null;
  }
}
