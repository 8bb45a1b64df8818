package com.interview.proxy.headers;

import com.interview.proxy.chain.ProxyExchange;
import com.interview.proxy.chain.ProxyFailure;
import com.interview.proxy.chain.ProxyFilter;
import io.vertx.core.http.HttpHeaders;

import java.util.List;

/**
 * A route's {@code accept} list (the avatar route: images only): a request with a body whose
 * {@code Content-Type} is not listed is answered 415 before the body is read or forwarded. The API still checks
 * the bytes themselves; this keeps everything else off the upload path.
 */
public final class AcceptFilter implements ProxyFilter {

  @Override
  public void onRequest(ProxyExchange exchange) {
    List<String> accept = exchange.route() == null ? List.of() : exchange.route().config().accept();
    if (accept.isEmpty() || !exchange.client().hasBody()) {
      exchange.proceed();
      return;
    }
    String type = exchange.requestHeaders().get(HttpHeaders.CONTENT_TYPE);
    if (type != null && accept.contains(GzipFilter.mediaType(type))) {
      exchange.proceed();
      return;
    }
    exchange.closeConnection(); // the body stays unread
    exchange.fail(new ProxyFailure(415, "unsupported_media_type",
      "This route accepts " + String.join(", ", accept) + " only."));
  }
}
