package com.interview.proxy.balance;

import com.interview.testing.TestVertx;
import com.interview.proxy.Backend;
import com.interview.proxy.HttpProxy;
import com.interview.proxy.HttpTestConfig;
import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code round_robin} through a real proxy: nginx's smooth weighted sequence, exactly. */
@ExtendWith(VertxExtension.class)
class RoundRobinHttpTest {

  private Vertx vertx;
  private HttpProxy proxy;

  @BeforeEach
  void start() {
    vertx = TestVertx.create();
  }

  @AfterEach
  void stop() {
    proxy.close();
    TestHttp.await(vertx.close());
  }

  @Test
  void weightsThreeAndOneGiveTheSmoothSequence() {
    Backend a = Backend.start(vertx, "a");
    Backend b = Backend.start(vertx, "b");
    proxy = HttpProxy.start(vertx, HttpTestConfig.http().balance(Balance.ROUND_ROBIN)
      .server(a.url(), 3).server(b.url(), 1).build());

    assertThat(sequence(8)).containsExactly("a", "a", "b", "a", "a", "a", "b", "a");
  }

  @Test
  void equalWeightsAlternate() {
    Backend a = Backend.start(vertx, "a");
    Backend b = Backend.start(vertx, "b");
    Backend c = Backend.start(vertx, "c");
    proxy = HttpProxy.start(vertx, HttpTestConfig.http().balance(Balance.ROUND_ROBIN)
      .server(a.url()).server(b.url()).server(c.url()).build());

    assertThat(sequence(6)).containsExactly("a", "b", "c", "a", "b", "c");
  }

  private List<String> sequence(int n) {
    List<String> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Reply r = proxy.get("/api/rr");
      assertThat(r.status()).isEqualTo(200);
      order.add(r.text());
    }
    return order;
  }
}
