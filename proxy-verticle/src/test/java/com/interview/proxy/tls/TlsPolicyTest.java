package com.interview.proxy.tls;

import com.interview.proxy.EdgeConfig;
import com.interview.proxy.EdgeFixture;
import com.interview.proxy.HttpProxy;
import com.interview.proxy.config.TlsConfig;
import io.vertx.core.net.SelfSignedCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The TLS policy on a real HTTPS port, seen by a JDK client: only TLS 1.2/1.3 with forward-secret AEAD suites,
 * client-initiated renegotiation refused, HSTS on HTTPS answers only, and a renewed certificate taken without a
 * restart while open connections keep theirs. (What a JDK client cannot try — SSLv3, TLS 1.0/1.1, static RSA — is
 * checked by {@code scripts/conformance/tls.sh} with testssl.)
 */
class TlsPolicyTest {

  private EdgeFixture edge;
  private SelfSignedCertificate first;
  private SelfSignedCertificate second;

  @AfterEach
  void stop() {
    if (edge != null) {
      edge.close();
    }
    if (first != null) {
      first.delete();
    }
    if (second != null) {
      second.delete();
    }
  }

  private void start(Path dir, TlsConfig.Hsts hsts, Duration reload) throws IOException {
    first = SelfSignedCertificate.create("first.example");
    Files.copy(Path.of(first.certificatePath()), dir.resolve("cert.pem"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(Path.of(first.privateKeyPath()), dir.resolve("key.pem"), StandardCopyOption.REPLACE_EXISTING);
    TlsConfig tls = new TlsConfig(true, 0, dir.resolve("cert.pem").toString(), dir.resolve("key.pem").toString(), false,
      TlsConfig.DEFAULT_PROTOCOLS, TlsConfig.DEFAULT_CIPHERS, hsts, reload);
    edge = EdgeFixture.start(EdgeConfig.defaults().tls(tls).build());
  }

  private static SSLContext trustAll() throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {new X509TrustManager() {
      public void checkClientTrusted(X509Certificate[] c, String a) {
      }

      public void checkServerTrusted(X509Certificate[] c, String a) {
      }

      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, null);
    return ctx;
  }

  private SSLSocket connect(String protocol, String... suites) throws Exception {
    SSLSocket s = (SSLSocket) trustAll().getSocketFactory().createSocket("127.0.0.1", edge.tlsPort());
    s.setSoTimeout(10_000);
    s.setEnabledProtocols(new String[] {protocol});
    if (suites.length > 0) {
      s.setEnabledCipherSuites(suites);
    }
    return s;
  }

  /** One HTTP/1.1 GET on the socket; the response head. */
  private static String get(SSLSocket s, String path) throws IOException {
    s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: edge\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      head.append((char) c);
    }
    String text = head.toString();
    int length = Integer.parseInt(text.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
    in.readNBytes(length);
    return text;
  }

  private static String subject(SSLSocket s) throws Exception {
    return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
  }

  @DisplayName("TLS 1.3 and TLS 1.2 with ECDHE + AES-GCM are served; the suite chosen is one of the policy's")
  @Test
  void modernClientsAreServed(@TempDir Path dir) throws Exception {
    start(dir, TlsConfig.Hsts.OFF, Duration.ZERO);
    try (SSLSocket s = connect("TLSv1.3")) {
      assertThat(get(s, "/api/x")).startsWith("HTTP/1.1 200");
      assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
      assertThat(TlsConfig.DEFAULT_CIPHERS).contains(s.getSession().getCipherSuite());
    }
    try (SSLSocket s = connect("TLSv1.2")) {
      assertThat(get(s, "/api/x")).startsWith("HTTP/1.1 200");
      assertThat(s.getSession().getCipherSuite()).startsWith("TLS_ECDHE_").contains("_GCM_");
    }
  }

  @DisplayName("testssl: CBC suites (LUCKY13) are not offered, even to a client that offers nothing else")
  @Test
  void cbcSuitesAreRefused(@TempDir Path dir) throws Exception {
    start(dir, TlsConfig.Hsts.OFF, Duration.ZERO);
    try (SSLSocket s = connect("TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA")) {
      assertThatThrownBy(s::startHandshake).isInstanceOf(IOException.class);
    }
  }

  @DisplayName("testssl: secure client-initiated renegotiation is refused (a DoS lever)")
  @Test
  void clientInitiatedRenegotiationIsRefused(@TempDir Path dir) throws Exception {
    start(dir, TlsConfig.Hsts.OFF, Duration.ZERO);
    try (SSLSocket s = connect("TLSv1.2")) {
      assertThat(get(s, "/api/x")).startsWith("HTTP/1.1 200");
      assertThatThrownBy(() -> {
        s.startHandshake(); // a second handshake on a TLS 1.2 session: renegotiation
        get(s, "/api/x");
      }).isInstanceOf(IOException.class);
    }
  }

  @DisplayName("RFC 6797 §7.2: Strict-Transport-Security on HTTPS answers, never on plain HTTP")
  @Test
  void hstsOnHttpsOnly(@TempDir Path dir) throws Exception {
    start(dir, new TlsConfig.Hsts(true, Duration.ofDays(365), true, false), Duration.ZERO);
    try (SSLSocket s = connect("TLSv1.3")) {
      assertThat(get(s, "/api/x")).contains("Strict-Transport-Security: max-age=31536000; includeSubDomains\r\n");
      assertThat(get(s, "/nowhere")).as("the proxy's own errors too").contains("Strict-Transport-Security: max-age=31536000");
    }
    assertThat(edge.get("/api/x").header("Strict-Transport-Security")).isNull();
  }

  @DisplayName("a renewed certificate is served to new connections without a restart; open ones keep theirs")
  @Test
  void aRenewedCertificateIsTakenWithoutARestart(@TempDir Path dir) throws Exception {
    start(dir, TlsConfig.Hsts.OFF, Duration.ofMillis(100));
    try (SSLSocket old = connect("TLSv1.3")) {
      assertThat(get(old, "/api/x")).startsWith("HTTP/1.1 200");
      assertThat(subject(old)).isEqualTo("CN=first.example");
      second = SelfSignedCertificate.create("second.example");
      Files.writeString(dir.resolve("cert.pem.new"), Files.readString(Path.of(second.certificatePath())));
      Files.writeString(dir.resolve("key.pem.new"), Files.readString(Path.of(second.privateKeyPath())));
      Files.move(dir.resolve("key.pem.new"), dir.resolve("key.pem"), StandardCopyOption.REPLACE_EXISTING);
      Files.move(dir.resolve("cert.pem.new"), dir.resolve("cert.pem"), StandardCopyOption.REPLACE_EXISTING);
      HttpProxy.eventually("a new connection sees the renewed certificate", 20_000, () -> {
        try (SSLSocket fresh = connect("TLSv1.3")) {
          return subject(fresh).equals("CN=second.example") && get(fresh, "/api/x").startsWith("HTTP/1.1 200");
        } catch (Exception e) {
          return false;
        }
      });
      assertThat(get(old, "/api/y")).as("the open connection goes on").startsWith("HTTP/1.1 200");
      assertThat(subject(old)).isEqualTo("CN=first.example");
    }
  }
}
