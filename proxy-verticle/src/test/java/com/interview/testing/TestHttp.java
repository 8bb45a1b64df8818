package com.interview.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/**
 * A blocking HTTP client for tests. Requests run on a Vert.x context: driving the Vert.x 5 client from the test
 * thread races the response body against the handler that reads it (seen as rare hangs).
 */
public final class TestHttp {

  private final Vertx vertx;
  private final HttpClient client;
  private final Context context;

  public TestHttp(Vertx vertx) {
    this(vertx, new HttpClientOptions());
  }

  public TestHttp(Vertx vertx, HttpClientOptions options) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient(options);
    this.context = vertx.getOrCreateContext();
  }

  public Reply get(int port, String uri) {
    return send(HttpMethod.GET, port, uri, null, null);
  }

  public Reply send(HttpMethod method, int port, String uri, MultiMap headers, Buffer body) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri);
    if (headers != null) {
      options.setHeaders(headers);
    }
    return await(Future.<Reply>future(p -> context.runOnContext(v -> client.request(options)
      .compose(req -> body == null ? req.send() : req.send(body))
      .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b)))
      .onComplete(p))));
  }

  /** Runs {@code action} on this client's context and waits for its result. */
  public <T> T on(java.util.function.Function<HttpClient, Future<T>> action) {
    return await(Future.<T>future(p -> context.runOnContext(v -> action.apply(client).onComplete(p))));
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("request failed: " + e, e);
    }
  }

  public Vertx vertx() {
    return vertx;
  }

  /** A response read whole. */
  public record Reply(int status, MultiMap headers, Buffer body) {
    public String header(String name) {
      return headers.get(name);
    }

    public JsonObject json() {
      return body.toJsonObject();
    }

    public String text() {
      return body.toString();
    }
  }
}
