package com.interview.testing;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * The Vert.x instance of a proxy test: Java's NIO transport, or Netty's native epoll transport (the jar's default)
 * when the surefire execution sets {@code test.nativeTransport} — then a machine without it fails the test rather
 * than passing on NIO unnoticed.
 */
public final class TestVertx {

  private TestVertx() {
  }

  public static Vertx create() {
    boolean nativeTransport = Boolean.getBoolean("test.nativeTransport");
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(nativeTransport));
    if (nativeTransport && !vertx.isNativeTransportEnabled()) {
      vertx.close();
      throw new IllegalStateException("test.nativeTransport: the native transport is not available",
        vertx.unavailableNativeTransportCause());
    }
    return vertx;
  }
}
