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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Backup servers take traffic only while no primary is eligible. */
@ExtendWith(VertxExtension.class)
class BackupServerHttpTest {

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
  void backupsServeOnlyWhileEveryPrimaryIsUnavailableThenRoundRobinResumes() {
    Backend a = Backend.start(vertx, "a");
    Backend b = Backend.start(vertx, "b");
    Backend c = Backend.start(vertx, "c");
    Backend d = Backend.start(vertx, "d");
    proxy = HttpProxy.start(vertx, HttpTestConfig.http().balance(Balance.ROUND_ROBIN)
      .server(a.url(), 3).server(b.url(), 1).backup(c.url()).backup(d.url()).build());

    assertThat(sequence(4)).containsExactly("a", "a", "b", "a");
    proxy.upstream(a.url()).admin(Upstream.Admin.DISABLED);
    assertThat(sequence(3)).containsExactly("b", "b", "b"); // one primary left: still no backup
    proxy.upstream(b.url()).admin(Upstream.Admin.DISABLED);
    assertThat(sequence(3)).containsExactly("c", "d", "c");
    proxy.upstream(a.url()).admin(Upstream.Admin.ENABLED);
    proxy.upstream(b.url()).admin(Upstream.Admin.ENABLED);
    assertThat(sequence(8)).containsExactly("a", "a", "b", "a", "a", "a", "b", "a"); // backups left no trace
    assertThat(c.hits() + d.hits()).isEqualTo(3);
  }

  @Test
  void aBackupTakesOverWhenThePrimaryFailsAndIsLeftWhenItRecovers() {
    Backend primary = Backend.start(vertx, "primary");
    Backend backup = Backend.start(vertx, "backup");
    String refusing = Backend.refusing(vertx);
    proxy = HttpProxy.start(vertx, HttpTestConfig.http().balance(Balance.LEAST_CONN)
      .server(new ServerConfig(refusing, 1, 1, Duration.ofSeconds(30), false))
      .server(primary.url()).backup(backup.url()).build());

    for (int i = 0; i < 6; i++) {
      assertThat(proxy.get("/api/x").text()).isEqualTo("primary");
    }
    assertThat(backup.hits()).isZero();
    proxy.upstream(primary.url()).admin(Upstream.Admin.DRAINING); // the other primary is down after its failure
    assertThat(proxy.get("/api/x").text()).isEqualTo("backup");
    proxy.upstream(primary.url()).admin(Upstream.Admin.ENABLED);
    assertThat(proxy.get("/api/x").text()).isEqualTo("primary");
    assertThat(backup.hits()).isEqualTo(1);
    assertThat(proxy.attempts(refusing)).isEqualTo(1);
  }

  private List<String> sequence(int n) {
    List<String> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Reply r = proxy.get("/api/x");
      assertThat(r.status()).isEqualTo(200);
      order.add(r.text());
    }
    return order;
  }
}
