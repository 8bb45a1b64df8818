package com.interview.proxy.health;

import com.interview.proxy.balance.Upstream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Active health checks (nginx Plus's {@code health_check}, HAProxy's {@code check}): {@code GET path} on every
 * server each {@code interval}; a 2xx or 3xx within {@code timeout} is a success. {@code rise} consecutive
 * successes bring a server up, {@code fall} consecutive failures take it down. One checker per JVM; its verdict
 * is what every proxy instance sees.
 */
public final class ActiveHealthChecker {

  private static final Logger log = LoggerFactory.getLogger(ActiveHealthChecker.class);

  private final Vertx vertx;
  private final HealthCheckConfig config;
  private final List<Upstream> servers;
  private final List<Long> timers = new ArrayList<>();
  private HttpClient client;

  public ActiveHealthChecker(Vertx vertx, HealthCheckConfig config, List<Upstream> servers) {
    this.vertx = vertx;
    this.config = config;
    this.servers = servers;
  }

  public void start() {
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false)
      .setConnectTimeout((int) config.timeout().toMillis()));
    for (Upstream server : servers) {
      State state = new State(server);
      timers.add(vertx.setPeriodic(0, config.interval().toMillis(), t -> check(state)));
    }
  }

  private void check(State state) {
    if (state.running) {
      return; // the previous check is still out: it will count as its own result
    }
    state.running = true;
    Upstream s = state.server;
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(s.host()).setPort(s.port())
      .setURI(config.path()).setIdleTimeout(config.timeout().toMillis())
      .setConnectTimeout(config.timeout().toMillis()).putHeader("User-Agent", "interview-proxy-health-check");
    client.request(options)
      .compose(req -> {
        // the request's idle timeout ends with the response head: bound the whole check, body included
        long timer = vertx.setTimer(config.timeout().toMillis(), t -> req.reset());
        return req.send()
          .compose(resp -> resp.body().map(b -> resp.statusCode()))
          .onComplete(ar -> vertx.cancelTimer(timer));
      })
      .onComplete(ar -> {
        state.running = false;
        boolean ok = ar.succeeded() && ar.result() >= 200 && ar.result() < 400;
        state.record(ok);
      });
  }

  public Future<Void> stop() {
    timers.forEach(vertx::cancelTimer);
    timers.clear();
    return client == null ? Future.succeededFuture() : client.close();
  }

  private final class State {
    final Upstream server;
    boolean running;
    int successes;
    int failures;

    State(Upstream server) {
      this.server = server;
    }

    void record(boolean ok) {
      if (ok) {
        failures = 0;
        successes++;
        if (!server.activeUp() && successes >= config.rise()) {
          server.activeUp(true);
          log.info("upstream " + server.url() + " is up (" + successes + " checks passed)");
        }
      } else {
        successes = 0;
        failures++;
        if (server.activeUp() && failures >= config.fall()) {
          server.activeUp(false);
          log.warn("upstream " + server.url() + " is down (" + failures + " checks of " + config.path() + " failed)");
        }
      }
    }
  }
}
