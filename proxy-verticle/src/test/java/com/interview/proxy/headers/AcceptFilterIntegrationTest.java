package com.interview.proxy.headers;

import com.interview.proxy.EdgeConfig;
import com.interview.proxy.EdgeFixture;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A route's {@code accept} list (the avatar route takes image/png only): other bodies are 415 and never forwarded. */
class AcceptFilterIntegrationTest {

  private static final String AVATAR = "/api/users/me/avatar";
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private static EdgeFixture edge;

  @BeforeAll
  static void start() {
    edge = EdgeFixture.start(EdgeConfig.defaults().build());
  }

  @AfterAll
  static void stop() {
    edge.close();
  }

  @BeforeEach
  void forget() {
    edge.arrived().clear();
  }

  private static Reply put(String contentType, Buffer body) {
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    if (contentType != null) {
      h.add("Content-Type", contentType);
    }
    return edge.send(HttpMethod.PUT, AVATAR, h, body);
  }

  @Test
  void aBodyOfAnotherTypeIs415AndNeverForwarded() {
    Reply reply = put("text/plain", Buffer.buffer("hello"));
    assertThat(reply.status()).isEqualTo(415);
    assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(reply.json().getString("code")).isEqualTo("unsupported_media_type");
    assertThat(reply.json().getString("detail")).contains("image/png");
    EdgeFixture.assertSecurityHeaders(reply::header);

    assertThat(put(null, Buffer.buffer(PNG)).status()).isEqualTo(415);
    assertThat(put("image/png-but-not", Buffer.buffer(PNG)).status()).isEqualTo(415);
    assertThat(put("image/svg+xml", Buffer.buffer("<svg/>")).status()).isEqualTo(415);
    assertThat(edge.arrived()).isEmpty();
  }

  @Test
  void anAcceptedTypeIsForwardedWithItsBody() {
    Reply reply = put("image/png", Buffer.buffer(PNG));
    assertThat(reply.status()).isEqualTo(200);
    assertThat(edge.arrived()).hasSize(1);
    assertThat(edge.arrived().get(0).body().getBytes()).isEqualTo(PNG);
    assertThat(edge.arrived().get(0).headers().get("Content-Type")).isEqualTo("image/png");

    // media types compare without parameters and case
    assertThat(put("IMAGE/PNG; foo=bar", Buffer.buffer(PNG)).status()).isEqualTo(200);
    assertThat(edge.arrived()).hasSize(2);
  }

  @Test
  void requestsWithoutABodyAreNotChecked() {
    assertThat(edge.get(AVATAR).status()).isEqualTo(200);
    assertThat(edge.send(HttpMethod.DELETE, AVATAR, null, null).status()).isEqualTo(200);
    // other routes accept anything
    assertThat(edge.send(HttpMethod.POST, "/api/notes", MultiMap.caseInsensitiveMultiMap().add("Content-Type", "text/plain"),
      Buffer.buffer("hi")).status()).isEqualTo(200);
    assertThat(edge.arrived()).hasSize(3);
  }
}
