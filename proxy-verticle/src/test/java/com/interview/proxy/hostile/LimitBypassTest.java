package com.interview.proxy.hostile;

import com.interview.testing.RawHttp;
import com.interview.testing.RawHttp.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static com.interview.proxy.hostile.HostileEdge.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attempts to get past the limits (nginx-tests {@code limit_req.t}, {@code limit_conn.t}, {@code realip.t}): forged
 * client addresses, pipelining, methods — the auth zone (1 r/min, burst 3: 4 requests) holds, and the
 * connection limit answers and closes its excess. What the upstream received is counted each time.
 */
class LimitBypassTest {

  private static final String LOGIN = "POST /api/auth/login HTTP/1.1\r\nHost: edge\r\nContent-Length: 2\r\n";
  private HostileEdge edge;

  @AfterEach
  void stop() {
    edge.close();
  }

  private int acceptedOf(List<String> extraHeaders) {
    int accepted = 0;
    for (String h : extraHeaders) {
      Response r = edge.exchange(LOGIN + h + "\r\n{}");
      assertThat(r.status()).isIn(200, 429);
      if (r.status() == 200) {
        accepted++;
      } else {
        assertThat(r.header("Retry-After")).isNotNull();
        assertThat(r.json().getString("code")).isEqualTo("rate_limited");
      }
    }
    return accepted;
  }

  @DisplayName("nginx realip.t: X-Forwarded-For / X-Real-IP from an untrusted peer do not choose the limit key")
  @Test
  void forgedAddressesShareThePeersBucket() {
    edge = HostileEdge.start();
    List<String> forged = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      forged.add(i % 2 == 0 ? "X-Forwarded-For: 10.0.0." + i + "\r\n" : "X-Real-IP: 10.0.1." + i + "\r\n");
    }
    assertThat(acceptedOf(forged)).isEqualTo(4);
    assertThat(edge.upstreamSaw()).hasSize(4);
  }

  @DisplayName("nginx real_ip_recursive: behind a trusted proxy the right-most untrusted hop is the key; the left is ignored")
  @Test
  void behindATrustedProxyTheRealClientIsTheKey() {
    edge = HostileEdge.builder().trust("127.0.0.1/32").start();
    List<String> sameClient = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      sameClient.add("X-Forwarded-For: 6.6.6." + i + ", 203.0.113.7\r\n"); // the attacker varies what it prepends
    }
    assertThat(acceptedOf(sameClient)).as("one client, however it pads its chain").isEqualTo(4);
    assertThat(acceptedOf(List.of("X-Forwarded-For: 203.0.113.8\r\n"))).as("another client").isEqualTo(1);
    assertThat(edge.upstreamSaw()).allSatisfy(s -> assertThat(s.header("X-Real-IP")).startsWith("203.0.113."));
  }

  @DisplayName("nginx-tests limit_req.t: pipelined requests on one connection are each counted")
  @Test
  void pipelinedRequestsAreEachCounted() {
    edge = HostileEdge.start();
    StringBuilder batch = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      batch.append(LOGIN).append("\r\n{}");
    }
    int accepted = 0;
    try (RawHttp raw = edge.raw()) {
      raw.send(batch.toString());
      for (int i = 0; i < 10; i++) {
        Response r = raw.read();
        if (r.status() == 200) {
          accepted++;
        }
        if ("close".equals(r.header("Connection"))) {
          break; // an early answer to a request with an unread body closes the connection
        }
      }
    }
    assertThat(accepted).isLessThanOrEqualTo(4);
    assertThat(edge.upstreamSaw().size()).isEqualTo(accepted);
  }

  @DisplayName("nginx limit_req: every method counts, HEAD and OPTIONS included")
  @Test
  void everyMethodCounts() {
    edge = HostileEdge.start();
    int accepted = 0;
    for (String m : new String[] {"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "GET", "HEAD", "OPTIONS"}) {
      try (RawHttp raw = edge.raw()) {
        Response r = raw.send(m + " /api/auth/login HTTP/1.1\r\nHost: edge\r\nContent-Length: 0\r\n\r\n").read(m.equals("HEAD"));
        if (r.status() == 200) {
          accepted++;
        }
      }
    }
    assertThat(accepted).isEqualTo(4);
  }

  @DisplayName("nginx-tests limit_conn.t: the 21st connection from one address is answered 503 and closed")
  @Test
  void theConnectionOverThePerIpLimitIsAnsweredAndClosed() {
    edge = HostileEdge.builder().perIp(20).start();
    List<RawHttp> held = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        RawHttp c = edge.rawFrom("127.0.0.2");
        assertThat(c.send("GET /api/x HTTP/1.1\r\nHost: edge\r\n\r\n").read().status()).isEqualTo(200);
        held.add(c);
      }
      int before = edge.upstreamHits();
      try (RawHttp extra = edge.rawFrom("127.0.0.2")) {
        Response r = extra.send("GET /api/x HTTP/1.1\r\nHost: edge\r\n\r\n").read();
        assertRefused(extra, r, 503, "too_many_connections");
        assertThat(r.header("Retry-After")).isEqualTo("1");
      }
      assertThat(edge.upstreamHits()).as("nothing of the refused connection upstream").isEqualTo(before);
      try (RawHttp other = edge.rawFrom("127.0.0.3")) {
        assertThat(other.send("GET /api/x HTTP/1.1\r\nHost: edge\r\n\r\n").read().status()).as("another address").isEqualTo(200);
      }
    } finally {
      held.forEach(RawHttp::close);
    }
  }
}
