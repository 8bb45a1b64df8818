package com.interview.app;

import com.interview.app.config.AppConfig;
import com.interview.app.config.ConfigLoader;
import com.interview.testing.EventStreamClient;
import com.interview.testing.Poll;
import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Avatars and Server-Sent Events through the whole application in one JVM (role {@code all}): client → proxy →
 * in-JVM event bus → API, with the uploads directory served by the proxy's static route.
 */
class MediaNodeTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static Vertx vertx;
  private static AppNode node;
  private static TestHttp http;
  private static String token;
  private static String userId;
  private static Path uploads;

  @BeforeAll
  static void boot() throws Exception {
    uploads = Files.createTempDirectory("node-uploads");
    String dir = uploads.toString();
    JsonObject overlay = new JsonObject()
      .put("api", new JsonObject().put("uploads", new JsonObject().put("dir", dir)))
      .put("proxy", new JsonObject().put("routes", new JsonArray() // the defaults, with the static route on the temp dir
        .add(new JsonObject().put("prefix", "/api/auth/").put("limit", "auth"))
        .add(new JsonObject().put("prefix", "/api/users/me/avatar").put("limit", "upload").put("maxBody", "5m")
          .put("accept", new JsonArray().add("image/png").add("image/jpeg").add("image/gif").add("image/webp")))
        .add(new JsonObject().put("prefix", "/api/").put("limit", "api"))
        .add(new JsonObject().put("prefix", "/uploads/").put("static", dir))));
    TestNode.ensureDatabase();
    AppConfig config = ConfigLoader.load(overlay.encode(), TestNode.env(java.util.Map.of())).withEphemeralPorts();
    vertx = TestNode.vertx();
    node = TestNode.start(vertx, config);
    http = new TestHttp(vertx);
    token = TestNode.interviewerToken(node, http);
    userId = http.send(HttpMethod.GET, node.proxyPort(), "/api/users/me",
      MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token), null).json().getString("id");
  }

  @AfterAll
  static void shutdown() {
    TestHttp.await(node.stop());
    TestHttp.await(vertx.close());
  }

  private static Buffer png(int width, int height) throws Exception {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    image.setRGB(1, 1, 0xFF336699);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return Buffer.buffer(out.toByteArray());
  }

  private static boolean consumed() {
    try {
      vertx.eventBus().request("interviews.changed", "probe", new DeliveryOptions().setSendTimeout(300))
        .toCompletionStage().toCompletableFuture().get();
      return true;
    } catch (ExecutionException e) {
      return !(e.getCause() instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static void publish(String interviewId) {
    vertx.eventBus().publish("interviews.changed", new JsonObject().put("type", "created")
      .put("interview", new JsonObject().put("id", interviewId).put("title", "System design"))
      .put("participants", new JsonArray().add(userId)));
  }

  @Test
  void anUploadedAvatarIsServedByTheProxysStaticRoute() throws Exception {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token).add("Content-Type", "image/png");
    Reply put = http.send(HttpMethod.PUT, node.proxyPort(), "/api/users/me/avatar", headers, png(20, 10));
    assertThat(put.status()).isEqualTo(200);
    String url = put.json().getString("avatarUrl");
    assertThat(url).matches("/uploads/[0-9a-f]{64}\\.png");
    assertThat(uploads.resolve(url.substring("/uploads/".length()))).exists();

    Reply image = http.get(node.proxyPort(), url);
    assertThat(image.status()).isEqualTo(200);
    assertThat(image.header("Content-Type")).isEqualTo("image/png");
    assertThat(image.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(image.header("Content-Security-Policy")).isEqualTo("default-src 'none'");
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.body().getBytes()));
    assertThat(decoded.getWidth()).isEqualTo(20);
    assertThat(decoded.getHeight()).isEqualTo(10);
  }

  @Test
  void anEventPublishedOnTheBusReachesTheStreamThroughTheProxy() {
    EventStreamClient client = EventStreamClient.open(vertx, node.proxyPort(), "/api/events", token);
    assertThat(client.status()).isEqualTo(200);
    assertThat(client.header("Content-Type")).isEqualTo("text/event-stream");
    assertThat(client.header("Cache-Control")).isEqualTo("no-cache");
    assertThat(client.header("X-Request-Id")).matches("[0-9a-f]{32}");
    client.awaitText("retry: 3000\n\n", WAIT);

    String id = UUID.randomUUID().toString();
    publish(id);
    String text = client.awaitText(id, WAIT);
    assertThat(text).contains("event: interview\nid: 1\ndata: {\"id\":\"" + id + "\",\"title\":\"System design\"}\n\n");

    assertThat(consumed()).isTrue();
    client.close(); // the proxy drops its address; the API's next write finds no handler and the stream stops
    assertThat(Poll.until(() -> {
      publish(UUID.randomUUID().toString());
      return consumed();
    }, c -> !c, WAIT)).isFalse();
  }
}
