package com.interview.proxy.chain;

import com.interview.proxy.EdgeConfig;
import com.interview.proxy.EdgeFixture;
import com.interview.testing.RawHttp;
import com.interview.testing.RawHttp.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests the edge answers before reading their body (no route, rate limited, a method a static route refuses,
 * a content type a route does not accept): the unread body is never taken for the next request, and the
 * connection is never left stuck behind it — it is closed after the answer.
 */
class EarlyAnswerTest {

  private static final String SMUGGLED = "GET /api/smuggled HTTP/1.1\r\nHost: edge\r\n\r\n";

  private static EdgeFixture edge;
  private static Path files;

  @BeforeAll
  static void start() throws Exception {
    files = Files.createTempDirectory("early-answer");
    edge = EdgeFixture.start(EdgeConfig.defaults().zone("none", "1r/m", 0, true).limitedRoute("/api/closed/", "none")
      .staticRoute("/uploads/", files.toString()).build());
    assertThat(edge.get("/api/closed/first").status()).isEqualTo(200); // the zone is now empty for 127.0.0.1
  }

  @AfterAll
  static void stop() throws Exception {
    edge.close();
    Files.deleteIfExists(files);
  }

  @BeforeEach
  void forget() {
    edge.arrived().clear();
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST /nowhere|404", "POST /api/closed/x|429", "POST /uploads/a.txt|405",
    "PUT /api/users/me/avatar|415"})
  void anUnreadBodyIsNeverParsedAsARequestAndTheConnectionCloses(String spec) {
    String requestLine = spec.substring(0, spec.indexOf('|'));
    int status = Integer.parseInt(spec.substring(spec.indexOf('|') + 1));
    try (RawHttp raw = new RawHttp(edge.port())) {
      raw.send(requestLine + " HTTP/1.1\r\nHost: edge\r\nContent-Type: text/plain\r\nContent-Length: " + SMUGGLED.length()
        + "\r\n\r\n" + SMUGGLED);
      Response response = raw.read();
      assertThat(response.status()).isEqualTo(status);
      assertThat(response.header("Connection")).isEqualTo("close");
      assertThat(raw.closedByServer(Duration.ofSeconds(10))).isTrue();
    }
    assertThat(edge.arrivedPaths()).isEmpty();
  }

  @Test
  void aLargeUnreadBodyDoesNotLeaveTheConnectionHanging() throws Exception {
    int size = 2 << 20;
    try (RawHttp raw = new RawHttp(edge.port())) {
      // the server may stop reading: write from another thread so the test never blocks on a full socket
      CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
        try {
          raw.send("POST /api/closed/big HTTP/1.1\r\nHost: edge\r\nContent-Length: " + size + "\r\n\r\n");
          raw.send(new byte[size]);
        } catch (RuntimeException closed) {
          // the server closed the connection mid-body: fine
        }
      });
      Response response = raw.read();
      assertThat(response.status()).isEqualTo(429);
      try {
        raw.send("GET /api/after HTTP/1.1\r\nHost: edge\r\n\r\n");
      } catch (RuntimeException closed) {
        // fine as well
      }
      // either the next request is answered or the connection is closed: never a wait for keepAliveTimeout
      assertThat(raw.closedByServer(Duration.ofSeconds(5))).isTrue();
      raw.close();
      writing.get(10, java.util.concurrent.TimeUnit.SECONDS);
    }
  }
}
