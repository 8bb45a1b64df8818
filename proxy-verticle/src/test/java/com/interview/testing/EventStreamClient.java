package com.interview.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * A streaming HTTP client for tests of Server-Sent Events: opens {@code GET uri} with
 * {@code Accept: text/event-stream}, keeps every chunk as it arrives, and lets the test wait for text to show up
 * or close the connection. Runs on its own Vert.x context, like {@link TestHttp}.
 */
public final class EventStreamClient implements AutoCloseable {

  private final HttpClient client;
  private final Context context;
  private final StringBuffer text = new StringBuffer();
  private volatile HttpClientResponse response;
  private volatile boolean ended;

  private EventStreamClient(Vertx vertx) {
    this.client = vertx.createHttpClient();
    this.context = vertx.getOrCreateContext();
  }

  /** Opens the stream and waits for the response head. {@code token} may be null. */
  public static EventStreamClient open(Vertx vertx, int port, String uri, String token) {
    EventStreamClient c = new EventStreamClient(vertx);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Accept", "text/event-stream");
    if (token != null) {
      headers.add("Authorization", "Bearer " + token);
    }
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
      .setURI(uri).setHeaders(headers);
    c.response = TestHttp.await(Future.<HttpClientResponse>future(p -> c.context.runOnContext(v ->
      c.client.request(options).compose(req -> req.send()).onSuccess(resp -> {
        resp.handler(chunk -> c.text.append(chunk.toString()));
        resp.endHandler(e -> c.ended = true);
        resp.exceptionHandler(e -> c.ended = true);
      }).onComplete(p))));
    return c;
  }

  public int status() {
    return response.statusCode();
  }

  public String header(String name) {
    return response.headers().get(name);
  }

  /** Everything received so far. */
  public String text() {
    return text.toString();
  }

  /** Whether the server ended the body (or the connection broke). */
  public boolean ended() {
    return ended;
  }

  /** Waits up to {@code within} for the received text to satisfy {@code done}; returns the text then. */
  public String await(Predicate<String> done, Duration within) {
    return Poll.until(this::text, done, within);
  }

  /** Waits up to {@code within} for {@code fragment} to arrive; returns the text then. */
  public String awaitText(String fragment, Duration within) {
    return await(t -> t.contains(fragment), within);
  }

  /** Closes the connection (the client goes away). */
  @Override
  public void close() {
    TestHttp.await(Future.<Void>future(p -> context.runOnContext(v -> response.request().connection().close()
      .transform(ar -> client.close()).onComplete(p))));
  }
}
