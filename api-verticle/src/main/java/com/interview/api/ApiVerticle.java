package com.interview.api;

import com.interview.api.transport.BusApiAdapter;
import com.interview.api.transport.HttpApiAdapter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

import java.util.concurrent.TimeUnit;

/**
 * One API instance: consumes {@code api.node.<nodeId>} (HTTP over the event bus, from proxies anywhere in the
 * cluster) and serves the API's own HTTP port (shared by all instances of the JVM). Both feed the same dispatcher.
 */
public final class ApiVerticle extends VerticleBase {

  private final ApiRuntime runtime;
  private final int port;
  private HttpServer server;
  private MessageConsumer<Buffer> consumer;

  public ApiVerticle(ApiRuntime runtime) {
    this(runtime, runtime.config().port());
  }

  /** An instance on {@code port} (instances added at run time join the port the first ones actually bound). */
  public ApiVerticle(ApiRuntime runtime, int port) {
    this.runtime = runtime;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    ApiConfig config = runtime.config();
    BusApiAdapter adapter = new BusApiAdapter(vertx.eventBus(), runtime.dispatcher());
    consumer = vertx.eventBus().consumer(BusApiAdapter.NODE_ADDRESS_PREFIX + runtime.nodeId(), adapter);
    // no WebSocket compression to negotiate (the API serves no WebSockets): without it Vert.x adds no extension
    // handler to every connection's pipeline, which every request and answer passed through
    server = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(port)
        .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false))
      .requestHandler(new HttpApiAdapter(vertx, runtime.dispatcher(), config.maxBody()));
    return Future.all(consumer.completion(), server.listen()).onSuccess(v -> {
      runtime.load().instanceStarted();
      runtime.reportLoad(); // proxies see the new capacity at once
    });
  }

  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> stop() {
    runtime.load().instanceStopped();
    runtime.reportLoad();
    long grace = runtime.config().shutdownTimeout().toMillis();
    Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
    Future<Void> drained = server == null ? Future.succeededFuture() : server.shutdown(grace, TimeUnit.MILLISECONDS);
    return Future.all(unregistered, drained);
  }
}
