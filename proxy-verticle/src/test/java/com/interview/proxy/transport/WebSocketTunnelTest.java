package com.interview.proxy.transport;

import com.interview.testing.TestVertx;
import com.interview.proxy.Backend;
import com.interview.proxy.HttpProxy;
import com.interview.proxy.HttpTestConfig;
import com.interview.proxy.balance.Balance;
import com.interview.proxy.balance.ServerConfig;
import com.interview.proxy.balance.Upstream;
import com.interview.testing.TestHttp;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** WebSocket upgrades pass through the http transport to a real WebSocket echo server. */
@ExtendWith(VertxExtension.class)
class WebSocketTunnelTest {

  private Vertx vertx;
  private HttpServer echo;
  private HttpProxy proxy;
  private final AtomicReference<MultiMap> upgradeHeaders = new AtomicReference<>();

  @BeforeEach
  void start() {
    vertx = TestVertx.create();
    echo = TestHttp.await(vertx.createHttpServer()
      .webSocketHandler(ws -> {
        upgradeHeaders.set(MultiMap.caseInsensitiveMultiMap().addAll(ws.headers()));
        if (ws.path().startsWith("/api/greet")) {
          ws.writeTextMessage("welcome|"); // the server speaks first, right after the handshake
        }
        ws.textMessageHandler(ws::writeTextMessage);
      })
      .requestHandler(req -> req.response().setStatusCode(400).end())
      .listen(0, "127.0.0.1"));
    proxy = HttpProxy.start(vertx, HttpTestConfig.http().websocketRoute("/api/ws").websocketRoute("/api/greet").perIp(20)
      .server("http://127.0.0.1:" + echo.actualPort()).build());
  }

  @AfterEach
  void stop() {
    proxy.close();
    TestHttp.await(vertx.close());
  }

  @Test
  void messagesAreEchoedThroughTheProxyBothWays() {
    java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger(-1);
    WebSocketClient client = vertx.createWebSocketClient();
    Context context = vertx.getOrCreateContext();
    String echoed = await(Future.<String>future(p -> context.runOnContext(v -> client
      .connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(proxy.port()).setURI("/api/ws?room=1"))
      .compose(ws -> {
        Promise<String> reply = Promise.promise();
        StringBuilder got = new StringBuilder();
        ws.textMessageHandler(m -> {
          got.append(m);
          if (got.length() >= "hello|again".length()) {
            reply.tryComplete(got.toString());
          }
        });
        ws.exceptionHandler(reply::tryFail);
        opened.set(proxy.shared().connections().active("127.0.0.1"));
        ws.writeTextMessage("hello|");
        ws.writeTextMessage("again");
        return reply.future().eventually(ws::close);
      })
      .onComplete(p))));

    assertThat(echoed).isEqualTo("hello|again");
    assertThat(opened.get()).as("the tunnelled connection counted against its address").isEqualTo(1);
    assertThat(upgradeHeaders.get().get("X-Forwarded-For")).isEqualTo("127.0.0.1");
    assertThat(upgradeHeaders.get().get("X-Request-Id")).matches("[0-9a-f]{32}");
    assertThat(proxy.upstream("http://127.0.0.1:" + echo.actualPort()).inFlight()).isLessThanOrEqualTo(1);
    HttpProxy.eventually("the tunnel's server is released after close", 5000,
      () -> proxy.upstream("http://127.0.0.1:" + echo.actualPort()).inFlight() == 0);
    TestHttp.await(client.close());
    HttpProxy.eventually("the tunnelled connection's per-IP slot is released", 10_000,
      () -> proxy.shared().connections().active("127.0.0.1") == 0);
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("no echo: " + e, e);
    }
  }

  @Test
  void whatTheServerSendsRightAfterTheHandshakeIsNotLost() {
    WebSocketClient client = vertx.createWebSocketClient();
    Context context = vertx.getOrCreateContext();
    String got = await(Future.<String>future(p -> context.runOnContext(v -> client
      .connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(proxy.port()).setURI("/api/greet"))
      .compose(ws -> {
        Promise<String> reply = Promise.promise();
        StringBuilder all = new StringBuilder();
        ws.textMessageHandler(m -> {
          all.append(m);
          if (all.length() >= "welcome|ping".length()) {
            reply.tryComplete(all.toString());
          }
        });
        ws.exceptionHandler(reply::tryFail);
        ws.writeTextMessage("ping");
        return reply.future().eventually(ws::close);
      })
      .onComplete(p))));
    assertThat(got).isEqualTo("welcome|ping");
    TestHttp.await(client.close());
  }

  @Test
  void anUnreachableServerIsA502() {
    proxy.upstream("http://127.0.0.1:" + echo.actualPort()).admin(Upstream.Admin.DISABLED);
    WebSocketClient client = vertx.createWebSocketClient();
    Context context = vertx.getOrCreateContext();
    Throwable failure = await(Future.<Throwable>future(p -> context.runOnContext(v -> client
      .connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(proxy.port()).setURI("/api/ws"))
      .onComplete(ar -> p.complete(ar.cause())))));
    assertThat(failure).isNotNull().hasMessageContaining("502");
    TestHttp.await(client.close());
  }

  @Test
  void anUpgradeIsTriedOnTheNextServerWhenTheFirstRefusesTheConnection() {
    String refusing = Backend.refusing(vertx);
    HttpProxy second = HttpProxy.start(vertx, HttpTestConfig.http().websocketRoute("/api/ws").balance(Balance.LEAST_CONN)
      .server(new ServerConfig(refusing, 1, 1, Duration.ofSeconds(30), false))
      .server("http://127.0.0.1:" + echo.actualPort()).build());
    WebSocketClient client = vertx.createWebSocketClient();
    Context context = vertx.getOrCreateContext();
    try {
      String got = await(Future.<String>future(p -> context.runOnContext(v -> client
        .connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(second.port()).setURI("/api/ws"))
        .compose(ws -> {
          Promise<String> reply = Promise.promise();
          ws.textMessageHandler(reply::tryComplete);
          ws.exceptionHandler(reply::tryFail);
          ws.writeTextMessage("retried");
          return reply.future().eventually(ws::close);
        })
        .onComplete(p))));
      assertThat(got).isEqualTo("retried");
      // ties go to the first server: it was tried, failed once (max_fails 1) and is down now
      assertThat(second.upstream(refusing).state(System.nanoTime() / 1_000_000)).isEqualTo("down");
    } finally {
      TestHttp.await(client.close());
      second.close();
    }
  }
}
