package com.interview.proxy.chain;

import io.netty.handler.codec.DecoderResult;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.HostAndPort;

/**
 * The client's side of one {@link ProxyExchange}, whichever server carries it: Vert.x's HTTP server
 * ({@link VertxClientSide}: every protocol) or the lean HTTP/1.1 path that works on Netty's messages. What the filters
 * read of the request and set on the answer goes through here, so the edge's policy has one home for both.
 * Implementations tell their exchange when the head is about to be written ({@link ProxyExchange#beforeResponse()}),
 * when the answer ended, when the client went away and when the request failed.
 */
public interface ClientSide {

  HttpMethod method();

  /** The request target as sent. */
  String uri();

  /** The path of the target as sent. */
  String path();

  HttpVersion version();

  /** The request headers (mutable: filters add what goes upstream). */
  MultiMap headers();

  /** The authority: HTTP/1 {@code Host}, HTTP/2 {@code :authority}; null when absent or unparsable. */
  HostAndPort authority();

  boolean isSSL();

  /** {@code http} or {@code https}. */
  String scheme();

  /** The peer's address, or null when unknown. */
  String remoteAddress();

  /** Whether the decoder accepted the request head. */
  DecoderResult decoderResult();

  /** Whether the request carries a body (RFC 9112 §6.3). */
  boolean hasBody();

  /** Whether the whole request (its body included) has been read. */
  boolean isEnded();

  /** Names the matched route for the HTTP server metrics. */
  void routed(String label);

  int statusCode();

  void statusCode(int status);

  void statusMessage(String message);

  MultiMap responseHeaders();

  boolean headWritten();

  /** Whether the answer was written completely. */
  boolean responseEnded();

  /** Whether the client connection (or stream) is gone. */
  boolean closed();

  /** Body bytes written to the client so far. */
  long bytesWritten();

  /** Ends the answer with {@code body}; the status and headers are set. */
  Future<Void> end(Buffer body);

  /** Cuts the answer: the client sees a broken response. */
  void reset();

  /** Closes the client connection once what was written is sent. */
  void close();

  /** Writes out what is buffered now (a refusal written just before the server closes the connection itself). */
  void flush();
}
