package com.interview.proxy.config;

import java.time.Duration;
import java.util.List;

/**
 * HTTPS on a second port, HTTP/2 negotiated by ALPN, with a policy a TLS scanner passes: TLS 1.2 and 1.3 only,
 * forward-secret AEAD suites only (ECDHE with AES-GCM or ChaCha20-Poly1305; the JDK applies the server's order),
 * client-initiated renegotiation refused ({@link #REJECT_CLIENT_RENEGOTIATION}), HSTS when asked for, and the
 * certificate and key read again when their files change.
 *
 * @param enabled        listen for HTTPS at all
 * @param port           HTTPS port
 * @param cert           PEM certificate chain file
 * @param key            PEM private key file
 * @param redirectHttp   answer plain-HTTP requests with 301 to the https URL
 * @param protocols      enabled protocol versions, JDK names ({@code TLSv1.2}, {@code TLSv1.3})
 * @param ciphers        enabled cipher suites in preference order, JDK (IANA) names, TLS 1.3 suites included
 * @param hsts           the Strict-Transport-Security header sent on HTTPS answers
 * @param reloadInterval how often the certificate and key files are checked for a change (0: never)
 */
public record TlsConfig(boolean enabled, int port, String cert, String key, boolean redirectHttp,
                        List<String> protocols, List<String> ciphers, Hsts hsts, Duration reloadInterval) {

  /** The JVM system property that makes the JDK refuse a renegotiation the client starts (a DoS lever). */
  public static final String REJECT_CLIENT_RENEGOTIATION = "jdk.tls.rejectClientInitiatedRenegotiation";
  public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");
  /** Mozilla's "intermediate" suites, in its order: AEAD with forward secrecy only. */
  public static final List<String> DEFAULT_CIPHERS = List.of(
    "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
  public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(10);

  public TlsConfig {
    protocols = List.copyOf(protocols);
    ciphers = List.copyOf(ciphers);
  }

  /** The default policy, no HSTS. */
  public TlsConfig(boolean enabled, int port, String cert, String key, boolean redirectHttp) {
    this(enabled, port, cert, key, redirectHttp, DEFAULT_PROTOCOLS, DEFAULT_CIPHERS, Hsts.OFF, DEFAULT_RELOAD_INTERVAL);
  }

  /** Sets {@link #REJECT_CLIENT_RENEGOTIATION} unless the JVM was started with a value: before any TLS handshake. */
  public static void rejectClientRenegotiation() {
    if (System.getProperty(REJECT_CLIENT_RENEGOTIATION) == null) {
      System.setProperty(REJECT_CLIENT_RENEGOTIATION, "true");
    }
  }

  /**
   * {@code Strict-Transport-Security} (RFC 6797), sent on HTTPS answers only.
   *
   * @param enabled           send it at all
   * @param maxAge            {@code max-age}
   * @param includeSubDomains add {@code includeSubDomains}
   * @param preload           add {@code preload}
   */
  public record Hsts(boolean enabled, Duration maxAge, boolean includeSubDomains, boolean preload) {
    public static final Hsts OFF = new Hsts(false, Duration.ofDays(365), false, false);

    /** The header value, e.g. {@code max-age=31536000; includeSubDomains}. */
    public String value() {
      return "max-age=" + maxAge.toSeconds() + (includeSubDomains ? "; includeSubDomains" : "") + (preload ? "; preload" : "");
    }
  }
}
