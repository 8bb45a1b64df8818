package com.interview.proxy.transport;

import com.interview.testing.TestVertx;
import com.interview.proxy.Backend;
import com.interview.proxy.HttpProxy;
import com.interview.proxy.HttpTestConfig;
import com.interview.testing.RawHttp;
import com.interview.testing.RawHttp.Response;
import com.interview.testing.TestHttp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A graceful shutdown of the proxy on the http transport (undeploying it, as SIGTERM does), on whichever engine the
 * suite runs: the answer under way is finished and the connection then closes; an idle keep-alive connection closes
 * at once. (The lean path also says {@code Connection: close} on that answer and forwards nothing pipelined behind
 * it: {@code LeanPathTest}.)
 */
class HttpGracefulShutdownTest {

  private Vertx vertx;
  private Backend backend;
  private HttpProxy proxy;
  private final AtomicBoolean slowArrived = new AtomicBoolean();

  @BeforeEach
  void start() {
    vertx = TestVertx.create();
    backend = Backend.start(vertx, "a", (req, body) -> {
      if (req.path().equals("/api/slow")) {
        slowArrived.set(true);
        vertx.setTimer(400, t -> req.response().end("slow answer"));
      } else {
        req.response().end("quick answer");
      }
    });
    proxy = HttpProxy.start(vertx, HttpTestConfig.http().server(backend.url()).build());
  }

  @AfterEach
  void stop() {
    proxy.close();
    backend.close();
    vertx.close().await();
  }

  @Test
  void theAnswerUnderWayIsFinishedThenItsConnectionClosesAndAnIdleOneClosesAtOnce() {
    try (RawHttp idle = new RawHttp(proxy.port()); RawHttp busy = new RawHttp(proxy.port())) {
      idle.send("GET /api/first HTTP/1.1\r\nHost: edge.example\r\n\r\n");
      assertThat(idle.read().text()).isEqualTo("quick answer"); // a keep-alive connection, now idle

      busy.send("GET /api/slow HTTP/1.1\r\nHost: edge.example\r\n\r\n");
      HttpProxy.eventually("the upstream has the slow request", 5_000, slowArrived::get);
      Future<Void> stopped = proxy.undeploy();

      assertThat(idle.closedByServer(Duration.ofSeconds(3))).isTrue();
      Response answer = busy.read();
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.text()).isEqualTo("slow answer");
      assertThat(busy.closedByServer(Duration.ofSeconds(3))).isTrue();
      TestHttp.await(stopped);
    }
    assertThat(backend.seen()).extracting(Backend.Seen::uri).containsExactly("/api/first", "/api/slow");
  }
}
