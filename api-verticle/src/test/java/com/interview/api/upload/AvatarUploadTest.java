package com.interview.api.upload;

import com.interview.api.TestApi;
import com.interview.api.TestApi.User;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** PUT /api/users/me/avatar against the real API, PostgreSQL, Redis and a temporary uploads directory. */
class AvatarUploadTest {

  private static TestApi api;

  @BeforeAll
  static void start() {
    api = TestApi.start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @BeforeEach
  void reset() throws IOException {
    api.reset();
    try (Stream<Path> files = Files.list(api.uploads())) { // each test starts with an empty uploads directory
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
  }

  private static Reply put(User user, String contentType, Buffer body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + user.accessToken())
      .add("Content-Type", contentType);
    return api.raw(HttpMethod.PUT, "/api/users/me/avatar", headers, body);
  }

  private static Path fileOf(String url) {
    assertThat(url).matches("/uploads/[0-9a-f]{64}\\.(png|jpg|gif|webp)");
    return api.uploads().resolve(url.substring("/uploads/".length()));
  }

  private static Buffer stored(String url) {
    try {
      return Buffer.buffer(Files.readAllBytes(fileOf(url)));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static BufferedImage decode(Buffer bytes) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(bytes.getBytes()));
  }

  private static String sha256(Buffer bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.getBytes()));
  }

  @Test
  void aPngIsReencodedWithoutItsTextChunksAndStoredUnderItsHash() throws Exception {
    User user = api.candidate();
    Buffer png = TestImages.withTextChunk(TestImages.image("png", 64, 48), "Comment", "secret-location-51.5N")
      .appendString("<script>alert('polyglot')</script>"); // trailing payload after IEND
    assertThat(TestImages.contains(png, "tEXt")).isTrue();

    Reply reply = put(user, "image/png", png);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().getString("id")).isEqualTo(user.id().toString());
    String url = reply.json().getString("avatarUrl");
    assertThat(url).endsWith(".png");
    Buffer file = stored(url);
    assertThat(url).isEqualTo("/uploads/" + sha256(file) + ".png");
    assertThat(TestImages.contains(file, "tEXt")).isFalse();
    assertThat(TestImages.contains(file, "secret-location")).isFalse();
    assertThat(TestImages.contains(file, "<script>")).isFalse();
    BufferedImage image = decode(file);
    assertThat(image.getWidth()).isEqualTo(64);
    assertThat(image.getHeight()).isEqualTo(48);
    try (Stream<Path> files = Files.list(api.uploads())) {
      assertThat(files).containsExactly(fileOf(url)); // no temporary file left behind
    }
  }

  @Test
  void aJpegIsReencodedWithoutItsExif() throws Exception {
    User user = api.candidate();
    Buffer jpeg = TestImages.withExif(TestImages.image("jpeg", 80, 60), "GPS 48.8584N 2.2945E camera-serial-42");

    Reply reply = put(user, "image/jpeg", jpeg);

    assertThat(reply.status()).isEqualTo(200);
    Buffer file = stored(reply.json().getString("avatarUrl"));
    assertThat(reply.json().getString("avatarUrl")).endsWith(".jpg");
    assertThat(file.getUnsignedShort(0)).isEqualTo(0xFFD8);
    assertThat(TestImages.contains(file, "Exif")).isFalse();
    assertThat(TestImages.contains(file, "camera-serial-42")).isFalse();
    BufferedImage image = decode(file);
    assertThat(image.getWidth()).isEqualTo(80);
    assertThat(image.getHeight()).isEqualTo(60);
  }

  @Test
  void gifAndWebpAreStoredAsReceived() throws Exception {
    User user = api.candidate();
    Buffer gif = TestImages.image("gif", 16, 16);
    Reply gifReply = put(user, "image/gif", gif);
    assertThat(gifReply.status()).isEqualTo(200);
    assertThat(stored(gifReply.json().getString("avatarUrl"))).isEqualTo(gif);

    for (Buffer webp : new Buffer[] {TestImages.WEBP_LOSSLESS, TestImages.WEBP_LOSSY, TestImages.WEBP_EXTENDED}) {
      Reply reply = put(user, "image/webp", webp);
      assertThat(reply.status()).isEqualTo(200);
      String url = reply.json().getString("avatarUrl");
      assertThat(url).isEqualTo("/uploads/" + sha256(webp) + ".webp");
      assertThat(stored(url)).isEqualTo(webp);
    }
  }

  @Test
  void theBytesDecideTheFormatNotTheDeclaredType() {
    Reply reply = put(api.candidate(), "image/jpeg", TestImages.image("png", 8, 8));
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().getString("avatarUrl")).endsWith(".png");
  }

  @Test
  void svgAndTextAreRefused() {
    User user = api.candidate();
    Buffer svg = Buffer.buffer("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>");

    Reply declared = put(user, "image/svg+xml", svg);
    assertThat(declared.status()).isEqualTo(415); // not a type of the contract
    assertThat(declared.json().getString("code")).isEqualTo("unsupported_media_type");

    Reply disguised = put(user, "image/png", svg);
    assertThat(disguised.status()).isEqualTo(415);
    assertThat(disguised.json().getString("code")).isEqualTo("unsupported_image");

    Reply text = put(user, "image/gif", Buffer.buffer("just some text, no image here"));
    assertThat(text.status()).isEqualTo(415);
    assertThat(text.json().getString("code")).isEqualTo("unsupported_image");

    Reply broken = put(user, "image/png", TestImages.image("png", 8, 8).slice(0, 40)); // header fine, pixels cut
    assertThat(broken.status()).isEqualTo(415);
    assertThat(broken.json().getString("code")).isEqualTo("unsupported_image");

    assertThat(api.get("/api/users/me", user.accessToken()).json().getString("avatarUrl")).isNull();
    assertThat(api.uploads().toFile().list()).isNullOrEmpty();
  }

  @Test
  void aDecompressionBombIsRefusedFromItsHeaderWithoutDecoding() {
    Reply reply = put(api.candidate(), "image/png", TestImages.pngClaiming(50_000, 50_000));

    // only the header's numbers can give this answer: a decoder would fail on the 8 bytes of pixels that follow it
    // (415 unsupported_image, as for the cut image above) or on allocating 2.5 G pixels first
    assertThat(reply.status()).isEqualTo(422);
    assertThat(reply.json().getString("code")).isEqualTo("image_dimensions_too_large");
    assertThat(put(api.candidate(), "image/png", TestImages.pngClaiming(4097, 16)).status()).isEqualTo(422);
  }

  @Test
  void anImageOverTheSizeLimitIs413() {
    Buffer big = TestImages.image("png", 8, 8).appendBytes(new byte[5 << 20]); // uploads.maxSize is 5 MB
    Reply reply = put(api.candidate(), "image/png", big);
    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.json().getString("code")).isEqualTo("image_too_large");
  }

  @Test
  void aFileDroppedByOneUserWhileAnotherUploadsTheSameImageStays() throws Exception {
    User alice = api.candidate();
    User bob = api.candidate();
    Buffer other = TestImages.image("gif", 9, 9);
    for (int round = 0; round < 20; round++) {
      Buffer shared = TestImages.image("png", 10 + round, 10); // a new file each round
      String url = put(alice, "image/png", shared).json().getString("avatarUrl");
      put(bob, "image/gif", other);
      // at once: Alice leaves the file (its check-and-delete) while Bob uploads the same image (store and show)
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
      java.util.concurrent.CompletableFuture<Reply> leaving = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        await(start);
        return put(alice, "image/gif", other);
      });
      java.util.concurrent.CompletableFuture<Reply> taking = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        await(start);
        return put(bob, "image/png", shared);
      });
      assertThat(leaving.get(30, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(200);
      Reply taken = taking.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(taken.json().getString("avatarUrl")).isEqualTo(url);
      assertThat(fileOf(url)).as("round %d: the file Bob shows", round).exists();
    }
  }

  private static void await(java.util.concurrent.CyclicBarrier barrier) {
    try {
      barrier.await(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void replacingDeletesThePreviousFileUnlessSomeoneElseShowsIt() {
    User alice = api.candidate();
    User bob = api.candidate();
    Buffer first = TestImages.image("png", 10, 10);

    String aliceFirst = put(alice, "image/png", first).json().getString("avatarUrl");
    String bobFirst = put(bob, "image/png", first).json().getString("avatarUrl");
    assertThat(bobFirst).isEqualTo(aliceFirst); // equal images share one file

    String aliceSecond = put(alice, "image/png", TestImages.image("png", 12, 12)).json().getString("avatarUrl");
    assertThat(aliceSecond).isNotEqualTo(aliceFirst);
    assertThat(fileOf(aliceFirst)).exists(); // Bob still shows it
    assertThat(fileOf(aliceSecond)).exists();

    String bobSecond = put(bob, "image/gif", TestImages.image("gif", 10, 10)).json().getString("avatarUrl");
    assertThat(fileOf(aliceFirst)).doesNotExist(); // nobody shows it any more
    assertThat(fileOf(bobSecond)).exists();

    Reply again = put(alice, "image/png", TestImages.image("png", 12, 12)); // the same image again
    assertThat(again.json().getString("avatarUrl")).isEqualTo(aliceSecond);
    assertThat(fileOf(aliceSecond)).exists();
  }

  @Test
  void theCachedProfileShowsTheNewAvatar() {
    User user = api.candidate();
    assertThat(api.get("/api/users/me", user.accessToken()).json().getString("avatarUrl")).isNull(); // now cached
    String url = put(user, "image/png", TestImages.image("png", 8, 8)).json().getString("avatarUrl");
    assertThat(api.get("/api/users/me", user.accessToken()).json().getString("avatarUrl")).isEqualTo(url);
  }

  @Test
  void anonymousUploadsAre401() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "image/png");
    Reply reply = api.raw(HttpMethod.PUT, "/api/users/me/avatar", headers, TestImages.image("png", 8, 8));
    assertThat(reply.status()).isEqualTo(401);
    assertThat(api.uploads().toFile().list()).isNullOrEmpty();
  }
}
