package com.interview.api.db;

import com.interview.testing.TestHttp;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A TCP forwarder to a server (PostgreSQL, Redis) that a test can cut and restore on the same port. */
public final class TcpForwarder {
  private final Vertx vertx;
  private final String host;
  private final int target;
  private final List<NetSocket> sockets = new CopyOnWriteArrayList<>();
  private NetServer server;
  private int port;

  public TcpForwarder(Vertx vertx, String host, int target) {
    this.vertx = vertx;
    this.host = host;
    this.target = target;
  }

  /** Listens on {@code on} (0 = any free port; the same port again after a {@link #close}). */
  public void open(int on) {
    server = vertx.createNetServer().connectHandler(client -> {
      client.pause();
      sockets.add(client);
      vertx.createNetClient().connect(target, host).onComplete(ar -> {
        if (ar.failed()) {
          client.close();
          return;
        }
        NetSocket upstream = ar.result();
        sockets.add(upstream);
        client.pipeTo(upstream);
        upstream.pipeTo(client);
        client.resume();
      });
    });
    port = TestHttp.await(server.listen(on, "127.0.0.1")).actualPort();
  }

  public int port() {
    return port;
  }

  /** Stops listening and drops every connection. */
  public void close() {
    if (server != null) {
      TestHttp.await(server.close());
      server = null;
    }
    sockets.forEach(NetSocket::close);
    sockets.clear();
  }
}
