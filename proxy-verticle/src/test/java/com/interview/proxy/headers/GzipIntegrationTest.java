package com.interview.proxy.headers;

import com.interview.proxy.EdgeConfig;
import com.interview.proxy.EdgeFixture;
import com.interview.proxy.transport.BusWire;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * nginx-like gzip (level 6, min length 1024, types incl. application/json) on answers relayed from the API:
 * only listed types, only above the minimum length, only for clients that accept it, never on a body the
 * API already encoded, never on an event stream.
 */
class GzipIntegrationTest {

  private static final Buffer BIG_JSON = bigJson();
  private static final Buffer SMALL_JSON = Buffer.buffer("{\"pad\":\"" + "x".repeat(90) + "\"}");
  private static final Buffer PNG = random(4096, 1);
  private static final Buffer BROTLI = random(4096, 2);

  private static EdgeFixture edge;

  @BeforeAll
  static void start() {
    edge = EdgeFixture.start(EdgeConfig.defaults().gzip(6, 1024, List.of("application/json", "text/plain", "text/event-stream")).build());
    edge.backend(m -> {
      String path = m.headers().get(BusWire.PATH);
      MultiMap h = MultiMap.caseInsensitiveMultiMap();
      Buffer body;
      switch (path) {
        case "/api/big" -> {
          h.add("Content-Type", "application/json");
          body = BIG_JSON;
        }
        case "/api/big-charset" -> {
          h.add("Content-Type", "Application/JSON; charset=utf-8");
          body = BIG_JSON;
        }
        case "/api/small" -> {
          h.add("Content-Type", "application/json");
          body = SMALL_JSON;
        }
        case "/api/png" -> {
          h.add("Content-Type", "image/png");
          body = PNG;
        }
        case "/api/events" -> { // a complete answer here; what matters is the type
          h.add("Content-Type", "text/event-stream");
          body = Buffer.buffer(": keep-alive\n\n".repeat(400));
        }
        case "/api/br" -> {
          h.add("Content-Type", "application/json").add("Content-Encoding", "br");
          body = BROTLI;
        }
        case "/api/not-modified" -> {
          h.add("Content-Type", "image/png").add("ETag", "\"v1\"");
          EdgeFixture.reply(m, 304, h, Buffer.buffer());
          return;
        }
        default -> throw new IllegalStateException(path);
      }
      EdgeFixture.reply(m, 200, h, body);
    });
  }

  @AfterAll
  static void stop() {
    edge.close();
  }

  private static Reply get(String uri, String acceptEncoding) {
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    if (acceptEncoding != null) {
      h.add("Accept-Encoding", acceptEncoding);
    }
    return edge.send(HttpMethod.GET, uri, h, null);
  }

  @Test
  void aLargeJsonBodyIsGzippedForClientsThatAcceptIt() {
    Reply reply = get("/api/big", "gzip");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(reply.body().length()).isLessThan(BIG_JSON.length() / 2);
    assertThat(gunzip(reply.body())).isEqualTo(BIG_JSON.getBytes());
    assertThat(reply.header("Content-Type")).isEqualTo("application/json");
    EdgeFixture.assertSecurityHeaders(reply::header);

    Reply withParameters = get("/api/big-charset", "br;q=1, gzip;q=0.5");
    assertThat(withParameters.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(gunzip(withParameters.body())).isEqualTo(BIG_JSON.getBytes());
  }

  @Test
  void withoutAcceptEncodingTheBodyIsSentAsIs() {
    Reply reply = get("/api/big", null);
    assertThat(reply.header("Content-Encoding")).isNull();
    assertThat(reply.body()).isEqualTo(BIG_JSON);
    Reply identity = get("/api/big", "identity");
    assertThat(identity.header("Content-Encoding")).isNull();
    assertThat(identity.body()).isEqualTo(BIG_JSON);
  }

  @Test
  void aBodyBelowTheMinimumLengthIsNotCompressed() {
    assertThat(SMALL_JSON.length()).isBetween(95, 110);
    Reply reply = get("/api/small", "gzip");
    assertThat(reply.header("Content-Encoding")).isNull();
    assertThat(reply.body()).isEqualTo(SMALL_JSON);
  }

  @Test
  void aTypeNotListedIsNotCompressedAndTheMarkerIsNotSent() {
    Reply reply = get("/api/png", "gzip");
    assertThat(reply.header("Content-Encoding")).isNull(); // neither gzip nor the internal "identity" marker
    assertThat(reply.header("Content-Type")).isEqualTo("image/png");
    assertThat(reply.body()).isEqualTo(PNG);
  }

  @Test
  void answersWithoutContentNeverCarryTheMarker() {
    // HEAD and 304 have no content (RFC 9110 §6.4.1): Netty's compressor passes their heads through untouched, so
    // the filter must not mark them — "Content-Encoding: identity" is not a coding a client should ever see
    MultiMap h = MultiMap.caseInsensitiveMultiMap().add("Accept-Encoding", "gzip");
    Reply head = edge.send(HttpMethod.HEAD, "/api/png", h, null);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Content-Type")).isEqualTo("image/png");
    assertThat(head.header("Content-Encoding")).isNull();
    assertThat(head.body().length()).isZero();
    Reply headJson = edge.send(HttpMethod.HEAD, "/api/big", h, null);
    assertThat(headJson.header("Content-Encoding")).isNull();
    Reply notModified = get("/api/not-modified", "gzip");
    assertThat(notModified.status()).isEqualTo(304);
    assertThat(notModified.header("ETag")).isEqualTo("\"v1\"");
    assertThat(notModified.header("Content-Encoding")).isNull();
  }

  @Test
  void anEventStreamIsNeverCompressedEvenWhenItsTypeIsListed() {
    Reply reply = get("/api/events", "gzip");
    assertThat(reply.header("Content-Encoding")).isNull();
    assertThat(reply.header("Content-Type")).isEqualTo("text/event-stream");
    assertThat(reply.body().length()).isEqualTo(": keep-alive\n\n".length() * 400);
  }

  @Test
  void aBodyTheApiAlreadyEncodedPassesUntouched() {
    Reply reply = get("/api/br", "gzip, br");
    assertThat(reply.header("Content-Encoding")).isEqualTo("br");
    assertThat(reply.body()).isEqualTo(BROTLI);
  }

  @Test
  void theProxysOwnProblemAnswersAreNotMarkedEncoded() {
    Reply reply = get("/nowhere", "gzip");
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.header("Content-Encoding")).isNull();
    assertThat(reply.json().getString("code")).isEqualTo("not_found");
  }

  private static byte[] gunzip(Buffer gz) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.getBytes()))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Buffer bigJson() {
    JsonArray items = new JsonArray();
    for (int i = 0; items.encode().length() < 4096; i++) {
      items.add(new JsonObject().put("id", i).put("name", "question " + i).put("tags", new JsonArray().add("java").add("vertx")));
    }
    return new JsonObject().put("items", items).toBuffer();
  }

  private static Buffer random(int n, long seed) {
    byte[] bytes = new byte[n];
    new Random(seed).nextBytes(bytes);
    return Buffer.buffer(bytes);
  }
}
