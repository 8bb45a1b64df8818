package com.interview.proxy.transport;

import com.interview.proxy.chain.ProxyExchange;
import com.interview.proxy.chain.ProxyFailure;
import com.interview.proxy.config.Timeouts;
import com.interview.proxy.headers.HopByHop;
import io.vertx.core.AsyncResult;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;


/**
 * The event-bus transport: one message per request to the node a {@link NodeSelector} chooses, following
 * {@link BusWire}. The send timeout is the read timeout (never the bus's 30 s default): a node that never answers
 * costs the client at most that long and is answered 504. A GET accepting {@code text/event-stream} may be
 * answered with a stream: its address is registered first and the chunks are relayed by {@link BusStreamRelay}.
 */
public final class BusForwarder implements Forwarder {

  private final Vertx vertx;
  private final NodeSelector selector;
  private final long readTimeoutMs;
  private final long clientBodyTimeoutMs;

  public BusForwarder(Vertx vertx, NodeSelector selector, Timeouts timeouts) {
    this.vertx = vertx;
    this.selector = selector;
    this.readTimeoutMs = timeouts.read().toMillis();
    this.clientBodyTimeoutMs = timeouts.clientBody().toMillis();
  }

  @Override
  public void forward(ProxyExchange exchange) {
    var route = exchange.route().config();
    long bodyMs = route.timeouts() == null ? clientBodyTimeoutMs : route.timeouts().clientBody().toMillis();
    BodyReader.read(vertx, exchange, route.maxBody(), bodyMs, body -> send(exchange, body));
  }

  private void send(ProxyExchange exchange, Buffer body) {
    String node = selector.select(exchange);
    if (node == null) {
      exchange.fail(ProxyFailure.badGateway("No API node is available."));
      return;
    }
    var timeouts = exchange.route().config().timeouts(); // the send timeout is the route's read timeout
    long readMs = timeouts == null ? readTimeoutMs : timeouts.read().toMillis();
    MultiMap headers = requestHeaders(exchange);
    if (!BusStreamRelay.wanted(exchange.request())) {
      request(exchange, node, body, headers, readMs, null);
      return;
    }
    // a stream may come back: its address must exist (cluster-wide) before the API can send to it
    BusStreamRelay relay = new BusStreamRelay(vertx, exchange, readMs);
    relay.open().onComplete(opened -> {
      if (opened.failed()) {
        selector.release(node);
        relay.cancel();
        exchange.fail(ProxyFailure.badGateway("The proxy could not open a stream address."));
        return;
      }
      headers.add(BusWire.STREAM_TO, opened.result());
      request(exchange, node, body, headers, readMs, relay);
    });
  }

  private void request(ProxyExchange exchange, String node, Buffer body, MultiMap headers, long readMs,
                       BusStreamRelay relay) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(readMs).setHeaders(headers);
    long started = System.nanoTime();
    vertx.eventBus().<Buffer>request(BusWire.nodeAddress(node), body, options)
      .onComplete(ar -> {
        selector.release(node);
        try {
          if (!relayed(exchange, node, started, ar, relay)) {
            reply(exchange, node, started, ar, readMs);
          }
        } catch (RuntimeException e) {
          if (relay != null) {
            relay.cancel();
          }
          exchange.abort(e);
        }
      });
  }

  /**
   * Hands a streamed reply's head to {@code relay} (true); else drops the relay, and the reply is an ordinary
   * one (false).
   */
  private static boolean relayed(ProxyExchange exchange, String node, long started, AsyncResult<Message<Buffer>> ar,
                                 BusStreamRelay relay) {
    if (relay == null) {
      return false;
    }
    String streamTo = ar.succeeded() ? ar.result().headers().get(BusWire.STREAM_TO) : null;
    int status = ar.succeeded() ? parseStatus(ar.result().headers().get(BusWire.STATUS)) : -1;
    if (streamTo == null || status < 0 || exchange.ended()) {
      relay.cancel();
      return false;
    }
    exchange.upstream("bus:" + node, status, System.nanoTime() - started);
    relay.relay(status, ar.result().headers());
    return true;
  }

  private void reply(ProxyExchange exchange, String node, long started, AsyncResult<Message<Buffer>> ar, long readMs) {
    long took = System.nanoTime() - started;
    if (ar.failed()) {
      ReplyFailure kind = ar.cause() instanceof ReplyException re ? re.failureType() : ReplyFailure.RECIPIENT_FAILURE;
      exchange.upstream("bus:" + node, kind == ReplyFailure.TIMEOUT ? 504 : 502, took);
      if (!exchange.ended()) {
        exchange.fail(kind == ReplyFailure.TIMEOUT
          ? ProxyFailure.gatewayTimeout("The API did not answer within " + readMs + " ms.")
          : ProxyFailure.badGateway(kind == ReplyFailure.NO_HANDLERS ? "No API node is available." : "The API failed to answer."));
      }
      return;
    }
    Message<Buffer> message = ar.result();
    MultiMap headers = message.headers();
    int status = parseStatus(headers.get(BusWire.STATUS));
    exchange.upstream("bus:" + node, status, took);
    if (exchange.ended()) {
      return;
    }
    if (status < 0) {
      exchange.fail(ProxyFailure.badGateway("The API sent an invalid status."));
      return;
    }
    HttpServerResponse response = exchange.response();
    response.setStatusCode(status);
    boolean head = exchange.request().method() == HttpMethod.HEAD;
    HopByHop.copyEndToEnd(headers, response.headers(), !head);
    Buffer body = message.body();
    exchange.respond(body == null || head ? Buffer.buffer() : body);
  }

  private static MultiMap requestHeaders(ProxyExchange exchange) {
    HttpServerRequest request = exchange.request();
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    out.add(BusWire.METHOD, request.method().name());
    out.add(BusWire.PATH, request.uri());
    if (request.authority() != null) {
      out.add(BusWire.AUTHORITY, request.authority().toString());
    }
    out.add(BusWire.SCHEME, request.scheme());
    out.add(BusWire.CLIENT, exchange.clientAddress());
    HopByHop.copyEndToEnd(request.headers(), out, false);
    return out;
  }

  private static int parseStatus(String s) {
    if (s == null || s.length() != 3) {
      return -1;
    }
    try {
      int v = Integer.parseInt(s);
      return v >= 100 && v <= 599 ? v : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
