package com.interview.proxy.tls;

import com.interview.proxy.config.TlsConfig;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;

import java.util.LinkedHashSet;

/**
 * The one place {@code proxy.tls} becomes server options: the PEM pair, the protocol versions, the cipher suites
 * in order (the JDK's server honours its own order since JDK 13), ALPN for HTTP/2. Client-initiated renegotiation
 * is refused JVM-wide ({@link TlsConfig#rejectClientRenegotiation()}, also set by the launcher and the image).
 */
public final class TlsPolicy {

  private TlsPolicy() {
  }

  /** A copy of {@code plain} serving HTTPS on {@code port} under {@code tls}. */
  public static HttpServerOptions serverOptions(HttpServerOptions plain, int port, TlsConfig tls) {
    TlsConfig.rejectClientRenegotiation();
    HttpServerOptions options = new HttpServerOptions(plain).setPort(port).setSsl(true).setUseAlpn(true)
      .setKeyCertOptions(keyCert(tls));
    options.setEnabledSecureTransportProtocols(new LinkedHashSet<>(tls.protocols()));
    tls.ciphers().forEach(options::addEnabledCipherSuite);
    return options;
  }

  /** The options a running server takes when its certificate or key changed. */
  public static ServerSSLOptions reloaded(HttpServerOptions current, TlsConfig tls) {
    return current.getSslOptions().copy().setKeyCertOptions(keyCert(tls));
  }

  private static PemKeyCertOptions keyCert(TlsConfig tls) {
    return new PemKeyCertOptions().setCertPath(tls.cert()).setKeyPath(tls.key());
  }
}
