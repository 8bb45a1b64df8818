package com.interview.proxy.transport;

import com.interview.proxy.chain.ProxyExchange;
import com.interview.proxy.chain.ProxyFailure;
import com.interview.proxy.config.Timeouts;
import com.interview.proxy.headers.HopByHop;
import com.interview.proxy.metrics.ProxyMetrics;
import com.interview.proxy.transport.RetryPolicy.Condition;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpHeaders;

import java.util.HashSet;
import java.util.Set;

/**
 * The event-bus transport: one message per request to the node a {@link NodeSelector} chooses, following
 * {@link BusWire}. The send timeout is the read timeout (never the bus's 30 s default): a node that never answers
 * costs the client at most that long and is answered 504. A GET accepting {@code text/event-stream} may be
 * answered with a stream: its address is registered first and the chunks are relayed by {@link BusStreamRelay}.
 *
 * <p>Retries follow the route's {@link RetryPolicy} as with HTTP upstreams, on a node not tried yet: a message
 * that reached no handler (the node is gone) is an {@code error} and is repeated whatever the method; a timeout,
 * or the node leaving the cluster or falling silent while the request is out (it is not waited for: the attempt
 * ends at once), is repeated for idempotent methods only, since the node may have acted on it.
 */
public final class BusForwarder implements Forwarder {

  private final Vertx vertx;
  private final NodeSelector selector;
  private final RetryPolicy retry;
  private final long readTimeoutMs;
  private final Timeouts timeouts;
  private final io.micrometer.core.instrument.Counter bodyTimeouts;
  private final ProxyMetrics metrics;

  public BusForwarder(Vertx vertx, NodeSelector selector, Timeouts timeouts, RetryPolicy retry, ProxyMetrics metrics) {
    this.vertx = vertx;
    this.selector = selector;
    this.retry = retry;
    this.readTimeoutMs = timeouts.read().toMillis();
    this.timeouts = timeouts;
    this.bodyTimeouts = metrics.clientTimeouts("body");
    this.metrics = metrics;
    LocalBufferCodec.register(vertx);
  }

  /** Streams stay on Vert.x's server: {@link BusStreamRelay} writes them there. */
  @Override
  public boolean carriesLean(HttpMethod method, io.netty.handler.codec.http.HttpHeaders headers) {
    return method != HttpMethod.GET || !BusStreamRelay.wanted(method, headers.getAll(HttpHeaders.ACCEPT));
  }

  @Override
  public void forward(ProxyExchange exchange) {
    var route = exchange.route().config();
    BodyReader.read(vertx, exchange, route.maxBody(), route.timeoutsOr(timeouts), bodyTimeouts,
      body -> new Attempts(exchange, body).next());
  }

  /** The node left or fell silent while a request to it was out. */
  static final class NodeGone extends RuntimeException {
    NodeGone(String node) {
      super("API node " + node + " left while the request was out", null, false, false);
    }
  }

  /** The attempts of one exchange, each on a node not tried before. */
  private final class Attempts {
    private final ProxyExchange exchange;
    private final Buffer body;
    private final RetryPolicy policy;
    private final long readMs;
    private final MultiMap headers;
    private final long started = System.nanoTime();
    private Set<String> tried;
    private int count;

    Attempts(ProxyExchange exchange, Buffer body) {
      this.exchange = exchange;
      this.body = body;
      var route = exchange.route().config();
      this.policy = route.retryOr(retry);
      this.readMs = route.timeouts() == null ? readTimeoutMs : route.timeouts().read().toMillis(); // the send timeout
      this.headers = requestHeaders(exchange);
    }

    void next() {
      String node = selector.select(exchange);
      if (node == null) {
        exchange.fail(ProxyFailure.badGateway("No API node is available."));
        return;
      }
      go(node);
    }

    private void go(String node) {
      count++;
      if (!BusStreamRelay.wanted(exchange.method(), exchange.requestHeaders().getAll(HttpHeaders.ACCEPT))) {
        attempt(node, null);
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
        headers.set(BusWire.STREAM_TO, opened.result());
        attempt(node, relay);
      });
    }

    private void attempt(String node, BusStreamRelay relay) {
      DeliveryOptions options = new DeliveryOptions().setSendTimeout(readMs);
      if (selector.isLocal(node)) {
        options.setCodecName(BusWire.LOCAL_CODEC);
        headers.set(BusWire.REPLY_CODEC, BusWire.LOCAL_CODEC);
      } else {
        headers.remove(BusWire.REPLY_CODEC);
      }
      options.setHeaders(headers);
      long sent = System.nanoTime();
      Context context = vertx.getOrCreateContext();
      Promise<Message<Buffer>> outcome = Promise.promise();
      Runnable unwatch = selector.whenGone(node, repeatable(), () -> context.runOnContext(v -> outcome.tryFail(new NodeGone(node))));
      vertx.eventBus().<Buffer>request(BusWire.nodeAddress(node), body, options).onComplete(ar -> {
        if (ar.succeeded()) {
          outcome.tryComplete(ar.result());
        } else {
          outcome.tryFail(ar.cause());
        }
      });
      outcome.future().onComplete(ar -> {
        unwatch.run();
        selector.release(node);
        try {
          if (!relayed(exchange, node, sent, ar, relay)) {
            answered(node, sent, ar);
          }
        } catch (RuntimeException e) {
          if (relay != null) {
            relay.cancel();
          }
          exchange.abort(e);
        }
      });
    }

    /** Whether a request the node may have acted on may be sent again. */
    private boolean repeatable() {
      return policy.nonIdempotent() || UpstreamAttempts.idempotent(exchange.method());
    }

    private void answered(String node, long sent, AsyncResult<Message<Buffer>> ar) {
      long took = System.nanoTime() - sent;
      if (ar.succeeded()) {
        int status = parseStatus(ar.result().headers().get(BusWire.STATUS));
        Condition condition = UpstreamAttempts.statusCondition(status);
        if (condition != null && retried(node, condition, true)) {
          exchange.upstream("bus:" + node, status, took);
          return;
        }
        reply(exchange, node, took, ar.result());
        return;
      }
      ReplyFailure kind = ar.cause() instanceof ReplyException re ? re.failureType()
        : ar.cause() instanceof NodeGone ? null : ReplyFailure.RECIPIENT_FAILURE;
      exchange.upstream("bus:" + node, kind == ReplyFailure.TIMEOUT ? 504 : 502, took);
      if (exchange.ended()) {
        return;
      }
      if (kind == ReplyFailure.TIMEOUT) {
        retryOrFail(node, Condition.TIMEOUT, true,
          ProxyFailure.gatewayTimeout("The API did not answer within " + readMs + " ms."));
      } else if (kind == ReplyFailure.NO_HANDLERS || kind == ReplyFailure.ERROR) { // never delivered
        retryOrFail(node, Condition.ERROR, false, ProxyFailure.badGateway("No API node is available."));
      } else if (kind == null) {
        retryOrFail(node, Condition.ERROR, true, ProxyFailure.badGateway("The API node left before answering."));
      } else {
        exchange.fail(ProxyFailure.badGateway("The API failed to answer."));
      }
    }

    private void retryOrFail(String node, Condition condition, boolean sent, ProxyFailure failure) {
      if (!retried(node, condition, sent)) {
        exchange.fail(failure);
      }
    }

    /** Starts another attempt when the policy allows one after this failure on {@code node}. */
    private boolean retried(String node, Condition condition, boolean sent) {
      if (!policy.on().contains(condition) || (policy.tries() > 0 && count >= policy.tries())
        || exchange.ended() || exchange.client().headWritten()) {
        return false;
      }
      if (!policy.timeout().isZero() && System.nanoTime() - started >= policy.timeout().toNanos()) {
        return false;
      }
      if (sent && !repeatable()) {
        return false;
      }
      if (tried == null) {
        tried = new HashSet<>(4);
      }
      tried.add(node);
      String another = selector.select(exchange, tried);
      if (another == null) {
        return false; // every node tried: this failure is the answer
      }
      metrics.retries().increment();
      go(another);
      return true;
    }
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

  private static void reply(ProxyExchange exchange, String node, long took, Message<Buffer> message) {
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
    exchange.statusCode(status);
    boolean head = exchange.method() == HttpMethod.HEAD;
    HopByHop.copyEndToEnd(headers, exchange.responseHeaders(), !head);
    Buffer body = message.body();
    exchange.respond(body == null || head ? Buffer.buffer() : body);
  }

  private static MultiMap requestHeaders(ProxyExchange exchange) {
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    out.add(BusWire.METHOD, exchange.method().name());
    out.add(BusWire.PATH, exchange.uri());
    if (exchange.authority() != null) {
      out.add(BusWire.AUTHORITY, exchange.authority().toString());
    }
    out.add(BusWire.SCHEME, exchange.client().scheme());
    out.add(BusWire.CLIENT, exchange.clientAddress());
    HopByHop.copyEndToEnd(exchange.requestHeaders(), out, false);
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
