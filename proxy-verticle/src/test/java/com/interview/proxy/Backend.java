package com.interview.proxy;

import com.interview.testing.TestHttp;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real upstream server for tests: a Vert.x HTTP server on a free port that counts the requests whose head
 * arrived, records each request once its body is read, and answers with a replaceable {@link Responder}.
 */
public final class Backend {

  /** How a backend answers a request whose body has been read. */
  @FunctionalInterface
  public interface Responder {
    void respond(HttpServerRequest request, Buffer body);
  }

  /** One request as the backend received it. */
  public record Seen(HttpMethod method, String uri, String host, MultiMap headers, Buffer body) {
    public String header(String name) {
      return headers.get(name);
    }
  }

  private final Vertx vertx;
  private final String name;
  private final AtomicInteger heads = new AtomicInteger();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private volatile Responder responder;
  private HttpServer server;

  private Backend(Vertx vertx, String name, Responder responder) {
    this.vertx = vertx;
    this.name = name;
    this.responder = responder;
  }

  /** A backend answering 200 with its name as the body. */
  public static Backend start(Vertx vertx, String name) {
    return start(vertx, name, null);
  }

  /** A backend answering with {@code responder} (null: 200 with its name). */
  public static Backend start(Vertx vertx, String name, Responder responder) {
    Backend b = new Backend(vertx, name, responder);
    b.server = TestHttp.await(vertx.createHttpServer().requestHandler(b::handle).listen(0, "127.0.0.1"));
    return b;
  }

  /** Answers 200 with the backend's name, after {@code delayMs} when positive. */
  public Responder named(long delayMs) {
    return (req, body) -> {
      if (delayMs <= 0) {
        req.response().putHeader("Content-Type", "text/plain").end(name);
      } else {
        vertx.setTimer(delayMs, t -> req.response().putHeader("Content-Type", "text/plain").end(name));
      }
    };
  }

  private void handle(HttpServerRequest request) {
    heads.incrementAndGet();
    String host = request.authority() == null ? null : request.authority().toString();
    request.body().onSuccess(body -> {
      seen.add(new Seen(request.method(), request.uri(), host, MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), body));
      Responder r = responder;
      (r == null ? named(0) : r).respond(request, body);
    });
  }

  /** Replaces how the backend answers from now on. */
  public void respondWith(Responder r) {
    this.responder = r;
  }

  public String name() {
    return name;
  }

  public int port() {
    return server.actualPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /** Requests whose head reached this backend. */
  public int hits() {
    return heads.get();
  }

  /** Requests received and read whole, in arrival order. */
  public List<Seen> seen() {
    return seen;
  }

  public Seen last() {
    return seen.isEmpty() ? null : seen.get(seen.size() - 1);
  }

  public void close() {
    TestHttp.await(server.close());
  }

  /** The URL of a port nothing listens on: connections to it are refused. */
  public static String refusing(Vertx vertx) {
    HttpServer s = TestHttp.await(vertx.createHttpServer().requestHandler(r -> r.response().end()).listen(0, "127.0.0.1"));
    int port = s.actualPort();
    TestHttp.await(s.close());
    return "http://127.0.0.1:" + port;
  }
}
