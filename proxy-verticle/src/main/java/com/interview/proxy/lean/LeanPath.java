package com.interview.proxy.lean;

import com.interview.proxy.chain.FilterChain;
import com.interview.proxy.request.RequestRefused;
import com.interview.proxy.request.RequestRulesFilter;
import com.interview.proxy.request.RequestTarget;
import com.interview.proxy.route.Route;
import com.interview.proxy.route.RouteTable;
import com.interview.proxy.transport.Forwarder;
import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * The lean forwarding path ({@code proxy.upstream.engine: lean}): plain HTTP/1.x requests without a body for an
 * upstream route are run through the same {@link FilterChain} as every other request, on an exchange whose client
 * side is Netty's decoded request on its own event loop ({@link LeanClientSide}). On the {@code http} transport the
 * {@link LeanForwarder} carries them over Netty connections of that event loop, the upstream's body reaching the
 * client as the buffers that arrived; on the {@code eventbus} transport the bus forwarder sends them as it sends
 * every request, and its reply is written by the lean client side (streams excepted: {@link Forwarder#carriesLean}).
 * Everything else — bodies, WebSocket upgrades, static files, {@code /health}, refused or unusual requests, TLS and
 * HTTP/2 — stays on Vert.x's server.
 */
public final class LeanPath {

  private static final String VERTX_HANDLER = "handler";

  private final FilterChain chain;
  private final RouteTable routes;
  private final String builtInPath;
  private final Counter taken;
  private final Forwarder forwarder;

  /**
   * {@code taken} counts the requests the lean path carries ({@code proxy_lean_requests_total}); {@code forwarder}
   * (the chain's) says which of them it carries.
   */
  public LeanPath(FilterChain chain, RouteTable routes, String builtInPath, Counter taken, Forwarder forwarder) {
    this.chain = chain;
    this.routes = routes;
    this.builtInPath = builtInPath;
    this.taken = taken;
    this.forwarder = forwarder;
  }

  /** Puts the lean path on a plain HTTP/1.x connection; call from the server's connection handler. */
  public void install(HttpConnection connection) {
    if (connection instanceof ConnectionBase base && !connection.isSsl()) {
      ChannelPipeline pipeline = base.channel().pipeline();
      if (pipeline.get(VERTX_HANDLER) != null) {
        pipeline.addBefore(VERTX_HANDLER, "lean", new LeanConnection(this, base));
      }
    }
  }

  /**
   * Whether the lean path answers {@code head}: decoded without fault, a method the edge forwards, no body, no
   * upgrade or expectation, a target the request rules accept, and an upstream route. The request rules still run
   * on it in the chain: this only chooses the carrier.
   */
  boolean takes(HttpRequest head) {
    if (!head.decoderResult().isSuccess()) {
      return false;
    }
    HttpHeaders h = head.headers();
    String length = h.get(HttpHeaderNames.CONTENT_LENGTH);
    if ((length != null && !length.equals("0")) || h.contains(HttpHeaderNames.TRANSFER_ENCODING)
      || h.contains(HttpHeaderNames.UPGRADE) || h.contains(HttpHeaderNames.EXPECT)) {
      return false;
    }
    if (!RequestRulesFilter.METHODS.contains(HttpMethod.valueOf(head.method().name()))) {
      return false;
    }
    RequestTarget target;
    try {
      target = RequestTarget.parse(head.uri());
    } catch (RequestRefused refused) {
      return false; // the request rules answer it, on Vert.x's side
    }
    if (builtInPath.equals(target.path())) {
      return false;
    }
    Route route = routes.match(target.path());
    return route != null && route.kind() == Route.Kind.UPSTREAM
      && forwarder.carriesLean(HttpMethod.valueOf(head.method().name()), h);
  }

  /**
   * A header map for a head the lean path writes: the client's request head going upstream, or the answer going to
   * the client. It does not validate what is added. Every header copied into it was validated once already, by the
   * decoder that read it: the strict decoder for the client's, {@link UpstreamConnection}'s for the upstream's. The
   * rest are the filters' own. Validating again would be the second check of the same bytes, on every request.
   */
  static HeadersMultiMap headMap() {
    return HeadersMultiMap.httpHeaders(null);
  }

  /** Starts the exchange of {@code head}, which {@link #takes} accepted. */
  void start(LeanConnection connection, ChannelHandlerContext ctx, HttpRequest head, ConnectionBase base) {
    taken.increment();
    // on the connection's Vert.x context, as Vert.x runs its own requests: what the filters and forwarders start
    // (timers, bus requests, Redis calls) finds this context instead of making a new one per request
    ContextInternal context = base.context();
    ContextInternal previous = context.beginDispatch();
    try {
      chain.start(exchange -> {
        LeanClientSide side = new LeanClientSide(connection, ctx, head, exchange, base);
        connection.begin(side);
        return side;
      });
    } finally {
      context.endDispatch(previous);
    }
  }
}
