package com.interview.proxy.accesslog;

import com.interview.proxy.EdgeConfig;
import com.interview.proxy.EdgeFixture;
import com.interview.testing.Poll;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access log written to a file: one line per exchange in nginx {@code combined} plus
 * {@code $upstream_addr $upstream_status $request_time $upstream_response_time $request_id}, client-supplied
 * fields escaped as nginx does.
 */
class AccessLogIntegrationTest {

  private static final Pattern LINE = Pattern.compile(
    "(?<client>\\S+) - (?<user>\\S+) \\[(?<time>\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4})] "
      + "\"(?<request>[^\"]*)\" (?<status>\\d{3}) (?<bytes>\\d+) \"(?<referer>[^\"]*)\" \"(?<agent>[^\"]*)\" "
      + "(?<upstream>\\S+) (?<upstreamStatus>\\S+) (?<requestTime>\\d+\\.\\d{3}) (?<upstreamTime>\\S+) (?<id>\\S+)");

  @TempDir
  Path dir;
  private Path log;
  private EdgeFixture edge;

  @BeforeEach
  void start() {
    log = dir.resolve("logs/access.log");
    edge = EdgeFixture.start(EdgeConfig.defaults().accessLog(log.toString()).build());
  }

  @AfterEach
  void stop() {
    if (edge != null) {
      edge.close();
    }
  }

  private List<String> lines() {
    try {
      return Files.exists(log) ? Files.readAllLines(log) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for {@code n} lines, then stops the proxy (which flushes the log) and returns every line. */
  private List<String> linesAfterClose(int n) {
    Poll.until(this::lines, l -> l.size() >= n, Duration.ofSeconds(10));
    edge.close();
    edge = null;
    return lines();
  }

  @Test
  void oneForwardedRequestIsOneCombinedLineWithUpstreamFields() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
      .add("User-Agent", "agent \"quoted\" \\ back")
      .add("Referer", "https://ref.example/")
      .add("X-Request-Id", "trace-1");
    Reply reply = edge.send(HttpMethod.GET, "/api/x?a=1", headers, null);
    assertThat(reply.status()).isEqualTo(200);

    List<String> lines = linesAfterClose(1);
    assertThat(lines).hasSize(1);
    Matcher m = LINE.matcher(lines.get(0));
    assertThat(m.matches()).as(lines.get(0)).isTrue();
    assertThat(m.group("client")).isEqualTo("127.0.0.1");
    assertThat(m.group("user")).isEqualTo("-");
    assertThat(m.group("request")).isEqualTo("GET /api/x?a=1 HTTP/1.1");
    assertThat(m.group("status")).isEqualTo("200");
    assertThat(Integer.parseInt(m.group("bytes"))).isEqualTo(reply.body().length()); // body bytes, like $body_bytes_sent
    assertThat(m.group("referer")).isEqualTo("https://ref.example/");
    assertThat(m.group("agent")).isEqualTo("agent \\x22quoted\\x22 \\x5C back");
    assertThat(m.group("upstream")).isEqualTo("bus:" + EdgeFixture.NODE);
    assertThat(m.group("upstreamStatus")).isEqualTo("200");
    assertThat(m.group("upstreamTime")).matches("\\d+\\.\\d{3}");
    assertThat(Double.parseDouble(m.group("requestTime"))).isGreaterThanOrEqualTo(Double.parseDouble(m.group("upstreamTime")));
    assertThat(m.group("id")).isEqualTo("trace-1");
  }

  @Test
  void answersOfTheProxyItselfHaveNoUpstreamFields() {
    Reply reply = edge.get("/nowhere");
    assertThat(reply.status()).isEqualTo(404);

    List<String> lines = linesAfterClose(1);
    assertThat(lines).hasSize(1);
    Matcher m = LINE.matcher(lines.get(0));
    assertThat(m.matches()).as(lines.get(0)).isTrue();
    assertThat(m.group("request")).isEqualTo("GET /nowhere HTTP/1.1");
    assertThat(m.group("status")).isEqualTo("404");
    assertThat(m.group("referer")).isEqualTo("-");
    assertThat(m.group("upstream")).isEqualTo("-");
    assertThat(m.group("upstreamStatus")).isEqualTo("-");
    assertThat(m.group("upstreamTime")).isEqualTo("-");
    assertThat(m.group("id")).isEqualTo(reply.header("X-Request-Id"));
  }

  @Test
  void eachExchangeIsLoggedOnceInOrder() {
    for (int i = 0; i < 5; i++) {
      assertThat(edge.get("/api/n" + i).status()).isEqualTo(200);
    }
    List<String> lines = linesAfterClose(5);
    assertThat(lines).hasSize(5);
    for (int i = 0; i < 5; i++) {
      assertThat(lines.get(i)).contains("\"GET /api/n" + i + " HTTP/1.1\" 200 ");
    }
  }
}
