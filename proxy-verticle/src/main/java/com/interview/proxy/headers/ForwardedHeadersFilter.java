package com.interview.proxy.headers;

import com.interview.proxy.chain.ProxyExchange;
import com.interview.proxy.chain.ProxyFilter;
import com.interview.proxy.config.Cidr;
import io.netty.util.NetUtil;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

import java.util.List;

/**
 * Who the client is, and telling the upstream: resolves the client address (nginx {@code realip} with
 * {@code real_ip_recursive on}: forwarding headers are believed only from {@code proxy.trustedProxies}), then sets
 * {@code X-Forwarded-For} (appended), {@code X-Real-IP}, {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}.
 */
public final class ForwardedHeadersFilter implements ProxyFilter {

  static final CharSequence X_FORWARDED_FOR = HttpHeaders.createOptimized("X-Forwarded-For");
  static final CharSequence X_REAL_IP = HttpHeaders.createOptimized("X-Real-IP");
  static final CharSequence X_FORWARDED_PROTO = HttpHeaders.createOptimized("X-Forwarded-Proto");
  static final CharSequence X_FORWARDED_HOST = HttpHeaders.createOptimized("X-Forwarded-Host");

  private final Cidr[] trusted;

  public ForwardedHeadersFilter(List<Cidr> trustedProxies) {
    this.trusted = trustedProxies.toArray(new Cidr[0]);
  }

  @Override
  public void onRequest(ProxyExchange exchange) {
    MultiMap headers = exchange.requestHeaders();
    String peer = exchange.clientAddress();
    boolean peerTrusted = isTrusted(peer);
    String client = peerTrusted ? clientBehind(headers, peer) : peer;
    exchange.clientAddress(client);

    String xff = headers.get(X_FORWARDED_FOR);
    headers.set(X_FORWARDED_FOR, xff == null || xff.isBlank() ? peer : xff + ", " + peer);
    headers.set(X_REAL_IP, client);
    if (!peerTrusted || !headers.contains(X_FORWARDED_PROTO)) {
      headers.set(X_FORWARDED_PROTO, exchange.client().scheme());
    }
    if (!peerTrusted || !headers.contains(X_FORWARDED_HOST)) {
      String host = exchange.authority() == null ? null : exchange.authority().toString();
      if (host != null) {
        headers.set(X_FORWARDED_HOST, host);
      } else {
        headers.remove(X_FORWARDED_HOST);
      }
    }
    exchange.proceed();
  }

  /** The right-most address in X-Forwarded-For that is not a trusted proxy, else X-Real-IP, else the peer. */
  private String clientBehind(MultiMap headers, String peer) {
    List<String> all = headers.getAll(X_FORWARDED_FOR);
    for (int h = all.size() - 1; h >= 0; h--) {
      String[] hops = all.get(h).split(",");
      for (int i = hops.length - 1; i >= 0; i--) {
        String hop = hops[i].trim();
        if (hop.isEmpty()) {
          continue;
        }
        if (NetUtil.createByteArrayFromIpAddressString(hop) == null) {
          return peer; // garbage in the chain: believe nothing beyond our peer
        }
        if (!isTrusted(hop)) {
          return hop;
        }
      }
    }
    String realIp = headers.get(X_REAL_IP);
    if (realIp != null && NetUtil.createByteArrayFromIpAddressString(realIp.trim()) != null) {
      return realIp.trim();
    }
    return peer;
  }

  private boolean isTrusted(String address) {
    if (trusted.length == 0) {
      return false;
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
    if (bytes == null) {
      return false;
    }
    for (Cidr c : trusted) {
      if (c.contains(bytes)) {
        return true;
      }
    }
    return false;
  }
}
