package com.interview.proxy.headers;

import com.interview.proxy.EdgeConfig;
import com.interview.proxy.EdgeFixture;
import com.interview.proxy.transport.BusWire;
import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SelfSignedCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTPS on its own port with HTTP/2 by ALPN, and {@code redirectHttp}: plain HTTP is sent to the same URL on
 * https, except {@code /health}, which load balancers probe over HTTP.
 */
class TlsIntegrationTest {

  private static SelfSignedCertificate certificate;
  private static EdgeFixture edge;
  private static TestHttp https;

  /** A response with the protocol version it came over. */
  record Versioned(HttpVersion version, int status, MultiMap headers, Buffer body) {
  }

  @BeforeAll
  static void start() {
    certificate = SelfSignedCertificate.create("localhost");
    edge = EdgeFixture.start(EdgeConfig.defaults()
      .tls(certificate.certificatePath(), certificate.privateKeyPath(), true).build());
    https = new TestHttp(edge.vertx(), new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
      .setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2));
  }

  @AfterAll
  static void stop() {
    edge.close();
    certificate.delete();
  }

  @BeforeEach
  void forget() {
    edge.arrived().clear();
  }

  private static Versioned overTls(HttpMethod method, String uri, MultiMap headers, Buffer body) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(edge.tlsPort()).setURI(uri);
    if (headers != null) {
      options.setHeaders(headers);
    }
    return https.on(client -> client.request(options)
      .compose(req -> body == null ? req.send() : req.send(body))
      .compose(resp -> resp.body().map(b -> new Versioned(resp.version(), resp.statusCode(), resp.headers(), b))));
  }

  @Test
  void httpsIsServedOverHttp2() {
    assertThat(edge.tlsPort()).isPositive().isNotEqualTo(edge.port());
    Versioned reply = overTls(HttpMethod.POST, "/api/secure?q=1", null, Buffer.buffer("hello"));
    assertThat(reply.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().toJsonObject().getString("body")).isEqualTo("hello");
    assertThat(reply.headers().get("X-Frame-Options")).isEqualTo("DENY");
    assertThat(reply.headers().get("Connection")).isNull();

    MultiMap sent = edge.arrived().get(0).headers();
    assertThat(sent.get(BusWire.SCHEME)).isEqualTo("https");
    assertThat(sent.get(BusWire.PATH)).isEqualTo("/api/secure?q=1");
    assertThat(sent.get("X-Forwarded-Proto")).isEqualTo("https");
  }

  @Test
  void plainHttpIsRedirectedToTheSameUrlOnHttps() {
    Reply reply = edge.get("/api/questions?page=2&sort=new");
    assertThat(reply.status()).isEqualTo(301);
    assertThat(reply.header("Location")).isEqualTo("https://127.0.0.1:" + edge.tlsPort() + "/api/questions?page=2&sort=new");
    EdgeFixture.assertSecurityHeaders(reply::header);
    assertThat(edge.arrived()).isEmpty();
  }

  @Test
  void plainHealthIsNotRedirected() {
    Reply reply = edge.get("/health");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().getString("status")).isEqualTo("UP");
  }

  @Test
  void earlyAnswersOverHttp2KeepTheConnectionUsable() {
    MultiMap text = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "text/plain");
    Versioned refused = overTls(HttpMethod.PUT, "/api/users/me/avatar", text, Buffer.buffer("not an image"));
    assertThat(refused.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(refused.status()).isEqualTo(415);
    assertThat(refused.body().toJsonObject().getString("code")).isEqualTo("unsupported_media_type");

    MultiMap png = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "image/png");
    Versioned tooLarge = overTls(HttpMethod.PUT, "/api/users/me/avatar", png, Buffer.buffer(new byte[65]));
    assertThat(tooLarge.status()).isEqualTo(413);
    Versioned fits = overTls(HttpMethod.PUT, "/api/users/me/avatar", png, Buffer.buffer(new byte[64]));
    assertThat(fits.status()).isEqualTo(200);
    assertThat(edge.arrivedPaths()).containsExactly("/api/users/me/avatar");
  }
}
