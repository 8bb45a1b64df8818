package com.interview.testing;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.net.InetSocketAddress;
import java.net.URI;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on 127.0.0.1, port 0, to a real server (PostgreSQL, Redis) that can be frozen: it stops reading from both
 * sides, so nothing is relayed, while every socket stays open — a SIGSTOPped server or a network black hole as the
 * client sees it. Connections made while frozen are accepted and connected, then left silent. Thawing resumes all.
 */
public final class FreezableRelay {

  private final Vertx vertx;
  private final String host;
  private final int target;
  private final List<NetSocket> sockets = new CopyOnWriteArrayList<>();
  private final int port;
  private volatile boolean frozen;

  public FreezableRelay(Vertx vertx, String host, int target) {
    this.vertx = vertx;
    this.host = host;
    this.target = target;
    NetServer server = vertx.createNetServer().connectHandler(this::relay);
    this.port = TestHttp.await(server.listen(0, "127.0.0.1")).actualPort();
  }

  /** A relay to the server of {@code url} ({@code scheme://user:password@host:port/...}). */
  public static FreezableRelay inFrontOf(Vertx vertx, String url, int defaultPort) {
    InetSocketAddress server = serverOf(url, defaultPort);
    return new FreezableRelay(vertx, server.getHostString(), server.getPort());
  }

  /** Host and port of the server {@code url} names. */
  public static InetSocketAddress serverOf(String url, int defaultPort) {
    URI uri = URI.create(url.replaceFirst("^[a-z]+:", "http:"));
    return InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort() < 0 ? defaultPort : uri.getPort());
  }

  /** {@code url} reaching its server through {@code 127.0.0.1:port} instead. */
  public static String via(String url, int port) {
    return url.replaceFirst("@[^/]+/", "@127.0.0.1:" + port + "/");
  }

  public int port() {
    return port;
  }

  /** {@code url} through this relay. */
  public String relaying(String url) {
    return via(url, port);
  }

  private void relay(NetSocket client) {
    client.pause();
    vertx.createNetClient().connect(target, host).onComplete(ar -> {
      if (ar.failed()) {
        client.close();
        return;
      }
      NetSocket db = ar.result();
      db.pause();
      client.handler(db::write);
      db.handler(client::write);
      client.closeHandler(v -> {
        sockets.remove(client);
        db.close();
      });
      db.closeHandler(v -> {
        sockets.remove(db);
        client.close();
      });
      sockets.add(client);
      sockets.add(db);
      if (!frozen) {
        client.resume();
        db.resume();
      }
    });
  }

  public void freeze() {
    frozen = true;
    sockets.forEach(NetSocket::pause);
  }

  public void thaw() {
    frozen = false;
    sockets.forEach(NetSocket::resume);
  }
}
