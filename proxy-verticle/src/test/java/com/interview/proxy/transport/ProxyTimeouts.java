package com.interview.proxy.transport;

import com.interview.proxy.TestProxyConfig;
import com.interview.proxy.config.ProxyConfig;
import com.interview.proxy.config.Timeouts;

import java.time.Duration;

/**
 * {@link TestProxyConfig#defaults()} with other proxy-wide timeouts. A test that tells one timeout from another
 * (a route's own, a stale node, a shutdown that ends streams) sets the other one far away, so that a slow machine
 * cannot make the two look alike.
 */
final class ProxyTimeouts {

  private ProxyTimeouts() {
  }

  /** The test configuration with {@code read} as the proxy-wide read timeout. */
  static ProxyConfig withRead(Duration read) {
    return with(read, TestProxyConfig.defaults().shutdownTimeout());
  }

  /** The test configuration with {@code read} and {@code shutdown} as the proxy-wide read and shutdown timeouts. */
  static ProxyConfig with(Duration read, Duration shutdown) {
    ProxyConfig d = TestProxyConfig.defaults();
    Timeouts t = d.timeouts();
    return new ProxyConfig(d.host(), d.port(), d.instances(), d.transport(), shutdown, d.keepAliveTimeout(), d.maxBody(),
      new Timeouts(t.connect(), read, t.clientHeader(), t.clientBody()), d.limits(), d.limitStatus(), d.limitKeys(),
      d.connections(), d.routes(), d.upstream(), d.headers(), d.gzip(), d.tls(), d.trustedProxies(), d.accessLog());
  }
}
