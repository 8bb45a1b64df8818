package com.interview.app.launch;

import io.vertx.core.Vertx;
import sun.misc.Signal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * SIGTERM and SIGINT stop the node gracefully, then exit with 0: Vert.x is closed first — proxies stop accepting
 * and drain, the API drains, the node leaves the cluster — while logging still works (the JVM's shutdown hooks
 * tear logging down), bounded by {@code grace}. The launcher's own shutdown hook then finds Vert.x closed.
 */
public final class Signals {

  private static volatile Vertx vertx;
  private static volatile Duration grace = Duration.ofSeconds(30);

  private Signals() {
  }

  public static void exitCleanlyOnTerm() {
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(new Signal(name), signal -> new Thread(Signals::stop, "shutdown-" + name).start());
      } catch (IllegalArgumentException e) {
        // signal not available on this platform: default handling remains
      }
    }
  }

  /** The running Vert.x, and how long its graceful close may take. */
  public static void watch(Vertx running, Duration maxGrace) {
    vertx = running;
    grace = maxGrace;
  }

  private static void stop() {
    Vertx v = vertx;
    if (v != null) {
      try {
        v.close().toCompletionStage().toCompletableFuture().get(grace.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        System.err.println("graceful stop incomplete after " + grace.toSeconds() + " s: " + e);
      }
    }
    System.exit(0);
  }
}
