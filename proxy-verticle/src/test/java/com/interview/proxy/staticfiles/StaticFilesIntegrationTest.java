package com.interview.proxy.staticfiles;

import com.interview.proxy.EdgeConfig;
import com.interview.proxy.EdgeFixture;
import com.interview.testing.RawHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A static route ({@code /uploads/} aliased to a directory) served by the real proxy: content types, validators
 * and conditional requests, ranges, HEAD, the headers that keep an upload from running as a page, and every
 * spelling of "a file outside the directory" refused without reading it.
 */
class StaticFilesIntegrationTest {

  private static final String SECRET = "TOP-SECRET-CONTENT";
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
  private static final String TEXT = "0123456789abcdef";
  private static final Instant MTIME = Instant.parse("2024-03-01T10:15:30Z");

  @TempDir
  static Path root;
  private static EdgeFixture edge;

  @BeforeAll
  static void start() throws Exception {
    Path uploads = Files.createDirectories(root.resolve("uploads"));
    Files.write(uploads.resolve("image.png"), PNG);
    Files.writeString(uploads.resolve("note.txt"), TEXT);
    Files.writeString(uploads.resolve("data.json"), "{\"a\":1}");
    Files.writeString(uploads.resolve(".hidden"), SECRET);
    Files.createDirectories(uploads.resolve("sub"));
    Files.writeString(uploads.resolve("sub/inner.txt"), "inner");
    Files.setLastModifiedTime(uploads.resolve("note.txt"), FileTime.from(MTIME));
    Files.writeString(root.resolve("secret.txt"), SECRET);
    Path outside = Files.createDirectories(root.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), SECRET);
    Files.createSymbolicLink(uploads.resolve("link.txt"), root.resolve("secret.txt"));
    Files.createSymbolicLink(uploads.resolve("linkdir"), outside);
    edge = EdgeFixture.start(EdgeConfig.defaults().staticRoute("/uploads/", uploads.toString()).build());
  }

  @AfterAll
  static void stop() {
    edge.close();
  }

  private static Reply get(String uri, String... headers) {
    return send(HttpMethod.GET, uri, headers);
  }

  private static Reply send(HttpMethod method, String uri, String... headers) {
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < headers.length; i += 2) {
      h.add(headers[i], headers[i + 1]);
    }
    return edge.send(method, uri, h, null);
  }

  private static void assertStaticHeaders(Reply reply) {
    assertThat(reply.header("Content-Security-Policy")).isEqualTo("default-src 'none'");
    assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
    EdgeFixture.assertSecurityHeaders(reply::header);
  }

  @Test
  void servesFilesWithTheirTypeValidatorsAndProtectiveHeaders() {
    Reply png = get("/uploads/image.png");
    assertThat(png.status()).isEqualTo(200);
    assertThat(png.body().getBytes()).isEqualTo(PNG);
    assertThat(png.header("Content-Type")).isEqualTo("image/png");
    assertThat(png.header("Content-Length")).isEqualTo(Integer.toString(PNG.length));
    assertStaticHeaders(png);

    Reply txt = get("/uploads/note.txt");
    assertThat(txt.status()).isEqualTo(200);
    assertThat(txt.text()).isEqualTo(TEXT);
    assertThat(txt.header("Content-Type")).startsWith("text/plain");
    // nginx's ETag: "<mtime hex>-<size hex>"
    assertThat(txt.header("ETag")).isEqualTo("\"" + Long.toHexString(MTIME.getEpochSecond()) + "-" + Long.toHexString(TEXT.length()) + "\"");
    // IMF-fixdate (RFC 9110 §5.6.7): a two-digit day
    assertThat(txt.header("Last-Modified")).isEqualTo("Fri, 01 Mar 2024 10:15:30 GMT");
    assertThat(txt.header("Accept-Ranges")).isEqualTo("bytes");
    assertStaticHeaders(txt);

    Reply json = get("/uploads/data.json");
    assertThat(json.status()).isEqualTo(200);
    assertThat(json.header("Content-Type")).startsWith("application/json");
    assertThat(json.text()).isEqualTo("{\"a\":1}");

    Reply nested = get("/uploads/sub/inner.txt");
    assertThat(nested.status()).isEqualTo(200);
    assertThat(nested.text()).isEqualTo("inner");
    assertThat(edge.arrived()).isEmpty(); // files never go upstream
  }

  @Test
  void conditionalRequestsAre304() {
    Reply first = get("/uploads/note.txt");
    String etag = first.header("ETag");
    String lastModified = first.header("Last-Modified");

    Reply byTag = get("/uploads/note.txt", "If-None-Match", etag);
    assertThat(byTag.status()).isEqualTo(304);
    assertThat(byTag.body().length()).isZero();
    assertThat(byTag.header("ETag")).isEqualTo(etag);
    try (RawHttp raw = new RawHttp(edge.port())) {
      RawHttp.Response wire = raw.send("GET /uploads/note.txt HTTP/1.1\r\nHost: edge\r\nIf-None-Match: " + etag + "\r\n\r\n").read();
      assertThat(wire.status()).isEqualTo(304);
      assertThat(wire.header("Content-Length")).isNull(); // a 304 must not claim the representation is empty
    }
    assertStaticHeaders(byTag);
    assertThat(get("/uploads/note.txt", "If-None-Match", "\"other\", " + etag).status()).isEqualTo(304);
    assertThat(get("/uploads/note.txt", "If-None-Match", "\"other\"").status()).isEqualTo(200);

    Reply byDate = get("/uploads/note.txt", "If-Modified-Since", lastModified);
    assertThat(byDate.status()).isEqualTo(304);
    String later = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(MTIME.plusSeconds(3600), ZoneOffset.UTC));
    assertThat(get("/uploads/note.txt", "If-Modified-Since", later).status()).isEqualTo(304);
    String earlier = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(MTIME.minusSeconds(1), ZoneOffset.UTC));
    Reply modified = get("/uploads/note.txt", "If-Modified-Since", earlier);
    assertThat(modified.status()).isEqualTo(200);
    assertThat(modified.text()).isEqualTo(TEXT);
    // If-None-Match wins over If-Modified-Since
    assertThat(get("/uploads/note.txt", "If-None-Match", "\"other\"", "If-Modified-Since", lastModified).status()).isEqualTo(200);
  }

  @Test
  void rangesAre206AndUnsatisfiableRangesAre416() {
    Reply middle = get("/uploads/note.txt", "Range", "bytes=2-5");
    assertThat(middle.status()).isEqualTo(206);
    assertThat(middle.text()).isEqualTo("2345");
    assertThat(middle.header("Content-Range")).isEqualTo("bytes 2-5/16");
    assertThat(middle.header("Content-Length")).isEqualTo("4");

    Reply suffix = get("/uploads/note.txt", "Range", "bytes=-3");
    assertThat(suffix.status()).isEqualTo(206);
    assertThat(suffix.text()).isEqualTo("def");
    assertThat(suffix.header("Content-Range")).isEqualTo("bytes 13-15/16");

    Reply open = get("/uploads/note.txt", "Range", "bytes=10-");
    assertThat(open.status()).isEqualTo(206);
    assertThat(open.text()).isEqualTo("abcdef");

    Reply beyond = get("/uploads/note.txt", "Range", "bytes=16-20");
    assertThat(beyond.status()).isEqualTo(416);
    assertThat(beyond.header("Content-Range")).isEqualTo("bytes */16");
    assertThat(beyond.json().getString("code")).isEqualTo("range_not_satisfiable");
    assertStaticHeaders(beyond);

    // If-Range with a stale validator: the whole file
    Reply stale = get("/uploads/note.txt", "Range", "bytes=2-5", "If-Range", "\"stale\"");
    assertThat(stale.status()).isEqualTo(200);
    assertThat(stale.text()).isEqualTo(TEXT);
    Reply fresh = get("/uploads/note.txt", "Range", "bytes=2-5", "If-Range", middle.header("ETag"));
    assertThat(fresh.status()).isEqualTo(206);
  }

  @Test
  void headHasTheHeadersAndNoBody() {
    Reply head = send(HttpMethod.HEAD, "/uploads/note.txt");
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body().length()).isZero();
    assertThat(head.header("Content-Length")).isEqualTo("16");
    assertThat(head.header("Content-Type")).startsWith("text/plain");
    assertThat(head.header("ETag")).isNotNull();
    assertStaticHeaders(head);
    // and on the wire: nothing follows the head, the connection carries the next request cleanly
    try (RawHttp raw = new RawHttp(edge.port())) {
      RawHttp.Response response = raw.send("HEAD /uploads/note.txt HTTP/1.1\r\nHost: edge\r\n\r\n").read(true);
      assertThat(response.header("Content-Length")).isEqualTo("16");
      RawHttp.Response next = raw.send("GET /uploads/data.json HTTP/1.1\r\nHost: edge\r\n\r\n").read();
      assertThat(next.status()).isEqualTo(200);
      assertThat(next.text()).isEqualTo("{\"a\":1}");
    }
  }

  @Test
  void otherMethodsAre405() {
    Reply post = edge.send(HttpMethod.POST, "/uploads/note.txt", null, Buffer.buffer("x"));
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.header("Allow")).isEqualTo("GET, HEAD");
    assertThat(post.json().getString("code")).isEqualTo("method_not_allowed");
    assertStaticHeaders(post);
    assertThat(send(HttpMethod.DELETE, "/uploads/note.txt").status()).isEqualTo(405);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "/uploads/.hidden",
    "/uploads/%2ehidden",
    "/uploads/sub/",
    "/uploads/sub",
    "/uploads/",
    "/uploads",
    "/uploads/missing.txt",
    "/uploads/link.txt",
    "/uploads/linkdir/secret.txt",
    "/uploads/%252e%252e/secret.txt",
    "/uploads/%c0%ae%c0%ae/secret.txt",
  })
  void hiddenFilesDirectoriesAndLinksAre404(String path) {
    Reply reply = get(path);
    assertThat(reply.status()).as(path).isEqualTo(404);
    assertThat(reply.text()).doesNotContain(SECRET).doesNotContain("inner").doesNotContain(TEXT);
    assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
    assertStaticHeaders(reply);
  }

  /** The edge resolves dot segments before routing: a path climbing out of /uploads/ is no longer under it. */
  @ParameterizedTest
  @ValueSource(strings = {
    "/uploads/../secret.txt",
    "/uploads/%2e%2e/secret.txt",
    "/uploads/%2E%2E/secret.txt",
    "/uploads/sub/../../secret.txt",
    "/uploads/.%2e/secret.txt",
  })
  void dotSegmentsLeavingTheDirectoryLeaveTheRouteToo(String path) {
    Reply reply = get(path);
    assertThat(reply.status()).as(path).isEqualTo(404);
    assertThat(reply.json().getString("code")).isEqualTo("not_found");
    assertThat(reply.text()).doesNotContain(SECRET);
  }

  /** Encoded separators and NUL are refused before routing (400), whatever the route. */
  @ParameterizedTest
  @ValueSource(strings = {
    "/uploads/%2e%2e%2fsecret.txt",
    "/uploads/..%2fsecret.txt",
    "/uploads/a%5c..%5csecret.txt",
    "/uploads/%00",
    "/uploads/note.txt%00.png",
  })
  void encodedSeparatorsAndNulAre400(String path) {
    Reply reply = get(path);
    assertThat(reply.status()).as(path).isEqualTo(400);
    assertThat(reply.json().getString("code")).isEqualTo("bad_request_target");
    assertThat(reply.text()).doesNotContain(SECRET);
  }

  /** nginx's merge_slashes and dot-segment removal: these spell a file inside the directory. */
  @ParameterizedTest
  @ValueSource(strings = {"/uploads/./note.txt", "/uploads//note.txt", "/uploads/sub/../note.txt", "/uploads/%6Eote.txt"})
  void normalisedSpellingsOfAFileInsideServeIt(String path) {
    Reply reply = get(path);
    assertThat(reply.status()).as(path).isEqualTo(200);
    assertThat(reply.text()).isEqualTo(get("/uploads/note.txt").text());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/uploads/a\\..\\secret.txt", "/uploads/..\\secret.txt", "/uploads/../secret.txt",
    "/uploads/\u00c0\u00ae\u00c0\u00ae/secret.txt"})
  void rawEscapesOnTheWireAreRefusedToo(String path) {
    RawHttp.Response response = RawHttp.exchange(edge.port(), "GET " + path + " HTTP/1.1\r\nHost: edge\r\n\r\n");
    assertThat(response.status()).as(path).isIn(400, 404);
    assertThat(response.text()).doesNotContain(SECRET);
  }

  @Test
  void theSecretFilesReallyExist() {
    // guards the traversal tests: they would pass vacuously if the files were not where they point
    assertThat(root.resolve("secret.txt")).content(StandardCharsets.UTF_8).isEqualTo(SECRET);
    assertThat(root.resolve("uploads/linkdir/secret.txt")).content(StandardCharsets.UTF_8).isEqualTo(SECRET);
    assertThat(root.resolve("uploads/link.txt")).content(StandardCharsets.UTF_8).isEqualTo(SECRET);
  }
}
