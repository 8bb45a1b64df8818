package com.interview.proxy.health;

import com.interview.testing.TestVertx;
import com.interview.proxy.ProxyShared;
import com.interview.proxy.ProxyVerticle;
import com.interview.proxy.TestProxyConfig;
import com.interview.proxy.transport.NodeSelector;
import com.interview.testing.TestHttp;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public {@code /health}: answered from the last verdict, a fresh check started behind a stale one, so a probe
 * never waits on a slow or hanging check (a frozen dependency, a cluster call) once a first verdict exists.
 */
class PublicHealthEndpointTest {

  private final Vertx vertx = TestVertx.create();
  private final AtomicInteger checks = new AtomicInteger();
  private final AtomicReference<Promise<Boolean>> pending = new AtomicReference<>();
  private ProxyShared shared;

  @AfterEach
  void stop() {
    TestHttp.await(vertx.close());
    TestHttp.await(shared.close());
  }

  private int start() {
    shared = new ProxyShared(TestProxyConfig.defaults(), NodeSelector.local("n"), () -> {
      checks.incrementAndGet();
      Promise<Boolean> p = Promise.promise();
      pending.set(p);
      return p.future();
    });
    ProxyVerticle verticle = new ProxyVerticle(shared);
    TestHttp.await(vertx.deployVerticle(verticle));
    return verticle.actualPort();
  }

  @Test
  void aProbeNeverWaitsOnAPendingCheckOnceAVerdictExists() throws Exception {
    int port = start();
    TestHttp http = new TestHttp(vertx);
    CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> http.get(port, "/health").status());
    com.interview.proxy.HttpProxy.eventually("the first check runs", 5000, () -> pending.get() != null);
    assertThat(first).as("the very first probe waits for a verdict").isNotDone();
    pending.get().complete(true);
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(200);
    assertThat(checks.get()).isEqualTo(1);

    assertThat(http.get(port, "/health").status()).as("within the cache period: no new check").isEqualTo(200);
    assertThat(checks.get()).isEqualTo(1);

    long verdictAt = System.nanoTime();
    com.interview.proxy.HttpProxy.eventually("the verdict is stale", 5000,
      () -> System.nanoTime() - verdictAt > TimeUnit.MILLISECONDS.toNanos(ProxyShared.PUBLIC_HEALTH_CACHE_MS + 100));
    assertThat(http.get(port, "/health").status()).as("stale: answered at once with the last verdict").isEqualTo(200);
    assertThat(checks.get()).as("and a fresh check started behind it").isEqualTo(2);
    assertThat(http.get(port, "/health").status()).as("the check still hangs: still answered").isEqualTo(200);
    assertThat(checks.get()).as("one check at a time").isEqualTo(2);

    pending.get().complete(false);
    com.interview.proxy.HttpProxy.eventually("the new verdict is given", 5000, () -> http.get(port, "/health").status() == 503);
  }
}
