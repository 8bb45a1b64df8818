package com.interview.proxy.request;

import com.interview.proxy.chain.ProxyExchange;
import com.interview.proxy.chain.ProxyFailure;
import com.interview.proxy.chain.ProxyFilter;
import com.interview.proxy.route.Route;
import com.interview.proxy.route.RouteTable;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import com.interview.proxy.chain.ClientSide;
import io.vertx.core.http.HttpVersion;

import java.util.Set;

/**
 * The edge's request rules, before any policy filter, the router and the forwarders — for HTTP/1 and HTTP/2 alike:
 * <ol>
 *   <li>a request the {@link StrictRequestDecoder} refused gets its answer ({@link RequestDecoding#failureOf});</li>
 *   <li>methods: {@code TRACE} (cross-site tracing) and {@code CONNECT} (tunnels) are 405 with {@code Allow};
 *   a method the edge does not know is 501 (RFC 9110 §9.1);</li>
 *   <li>the request-target is checked and normalised ({@link RequestTarget}); the normalised path is what the
 *   route table, the rate limits and the forwarders see;</li>
 *   <li>Host (RFC 9112 §3.2, {@link HostRule}); HTTP/2's {@code :authority};</li>
 *   <li>the route is chosen by longest prefix on the normalised path.</li>
 * </ol>
 * Every refusal is a problem+json (the security headers come from the filters before this one) and closes the
 * connection, since what follows a malformed request cannot be trusted to be the next one.
 */
public final class RequestRulesFilter implements ProxyFilter {

  /** The methods the edge forwards. */
  public static final Set<HttpMethod> METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT,
    HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);
  private static final CharSequence ALLOW = HttpHeaders.createOptimized("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");

  private final RouteTable routes;
  private final String builtInPath;
  private final Route builtIn;

  /** {@code builtIn} answers exactly {@code builtInPath} (the public /health), whatever the table says. */
  public RequestRulesFilter(RouteTable routes, String builtInPath, Route builtIn) {
    this.routes = routes;
    this.builtInPath = builtInPath;
    this.builtIn = builtIn;
  }

  @Override
  public void onRequest(ProxyExchange exchange) {
    ClientSide request = exchange.client();
    if (request.decoderResult().isFailure()) {
      refuse(exchange, RequestDecoding.failureOf(request.decoderResult().cause()));
      return;
    }
    HttpMethod method = request.method();
    if (method == HttpMethod.TRACE || method == HttpMethod.CONNECT) {
      exchange.responseHeaders().set(HttpHeaders.ALLOW, ALLOW);
      refuse(exchange, new ProxyFailure(405, "method_not_allowed", method.name() + " is not allowed here."));
      return;
    }
    if (!METHODS.contains(method)) {
      refuse(exchange, new ProxyFailure(501, "method_not_implemented", "The method " + method.name() + " is not implemented."));
      return;
    }
    RequestTarget target;
    try {
      target = RequestTarget.parse(request.uri());
      if (request.version() == HttpVersion.HTTP_2) {
        if (request.authority() == null) {
          throw RequestRefused.badRequest("invalid_host", "The request has no :authority.");
        }
        HostRule.checkValue(request.authority().toString());
      } else {
        HostRule.check(request.headers().getAll(HttpHeaders.HOST), request.version() == HttpVersion.HTTP_1_1,
          target.authority());
      }
    } catch (RequestRefused refused) {
      refuse(exchange, refused.failure());
      return;
    }
    exchange.target(target);
    String path = target.path();
    Route route = builtInPath.equals(path) ? builtIn : routes.match(path);
    exchange.route(route);
    if (route != null) {
      request.routed(route.label());
    }
    exchange.proceed();
  }

  private static void refuse(ProxyExchange exchange, ProxyFailure failure) {
    exchange.closeConnection();
    exchange.fail(failure);
  }
}
