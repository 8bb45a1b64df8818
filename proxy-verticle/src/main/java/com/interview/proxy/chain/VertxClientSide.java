package com.interview.proxy.chain;

import com.interview.proxy.transport.BodyReader;
import io.netty.handler.codec.DecoderResult;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.impl.ConnectionBase;

/** The client's side on Vert.x's HTTP server: HTTP/1.x, HTTP/2, TLS, WebSocket upgrades, bodies. */
final class VertxClientSide implements ClientSide {

  private final HttpServerRequest request;
  private final HttpServerResponse response;

  VertxClientSide(HttpServerRequest request, ProxyExchange exchange) {
    this.request = request;
    this.response = request.response();
    response.headersEndHandler(v -> exchange.beforeResponse()); // whoever writes the head, the hooks run first
    response.endHandler(v -> exchange.answered());
    response.closeHandler(v -> exchange.closed());
    // Vert.x tells a failed body (or a closed connection) to the response first, then to the request
    response.exceptionHandler(exchange::failed);
    request.exceptionHandler(exchange::failed);
  }

  HttpServerRequest request() {
    return request;
  }

  @Override
  public HttpMethod method() {
    return request.method();
  }

  @Override
  public String uri() {
    return request.uri();
  }

  @Override
  public String path() {
    return request.path();
  }

  @Override
  public HttpVersion version() {
    return request.version();
  }

  @Override
  public MultiMap headers() {
    return request.headers();
  }

  @Override
  public HostAndPort authority() {
    return request.authority();
  }

  @Override
  public boolean isSSL() {
    return request.isSSL();
  }

  @Override
  public String scheme() {
    return request.scheme();
  }

  @Override
  public String remoteAddress() {
    return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
  }

  @Override
  public DecoderResult decoderResult() {
    return request.decoderResult();
  }

  @Override
  public boolean hasBody() {
    return BodyReader.hasBody(request);
  }

  @Override
  public boolean isEnded() {
    return request.isEnded();
  }

  @Override
  public void routed(String label) {
    request.routed(label);
  }

  @Override
  public int statusCode() {
    return response.getStatusCode();
  }

  @Override
  public void statusCode(int status) {
    response.setStatusCode(status);
  }

  @Override
  public void statusMessage(String message) {
    response.setStatusMessage(message);
  }

  @Override
  public MultiMap responseHeaders() {
    return response.headers();
  }

  @Override
  public boolean headWritten() {
    return response.headWritten();
  }

  @Override
  public boolean responseEnded() {
    return response.ended();
  }

  @Override
  public boolean closed() {
    return response.closed();
  }

  @Override
  public long bytesWritten() {
    return response.bytesWritten();
  }

  @Override
  public Future<Void> end(Buffer body) {
    return response.end(body);
  }

  @Override
  public void reset() {
    response.reset();
  }

  @Override
  public void close() {
    request.connection().close();
  }

  @Override
  public void flush() {
    if (request.connection() instanceof ConnectionBase base) {
      base.channel().flush();
    }
  }
}
