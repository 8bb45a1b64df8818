package com.interview.app.launch;

import com.interview.app.TestNode;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code java -jar app-fat.jar} as operators run it: exit codes and the one line they read when it fails. */
class LauncherIT {

  private static final Duration EXIT = Duration.ofSeconds(60);

  private static Map<String, String> env(String... kv) {
    TestNode.ensureDatabase();
    Map<String, String> env = new HashMap<>(TestNode.env(Map.of()));
    env.put("PROXY_PORT", "0");
    env.put("PORT", "0");
    env.put("MANAGEMENT_PORT", "0");
    for (int i = 0; i < kv.length; i += 2) {
      env.put(kv[i], kv[i + 1]);
    }
    return env;
  }

  private static List<String> meaningful(List<String> lines) {
    return lines.stream().filter(l -> !l.isBlank()).toList();
  }

  @Test
  void aBadEnvironmentValueExits2WithOneLine() throws Exception {
    try (JarProcess app = JarProcess.start(env("PROXY_PORT", "abc"))) {
      assertThat(app.waitForExit(EXIT)).isEqualTo(2);
      assertThat(meaningful(app.stderr())).containsExactly("config error: PROXY_PORT: \"abc\" (expected: an integer port 0..65535)");
    }
  }

  @Test
  void aBadValueInAYamlConfExits2NamingTheKey() throws Exception {
    Path conf = Files.createTempFile("bad", ".yaml");
    Files.writeString(conf, "proxy:\n  limits:\n    api: { rate: 10r/s, burst: -1 }\n");
    try (JarProcess app = JarProcess.start(env(), "-conf", conf.toString())) {
      assertThat(app.waitForExit(EXIT)).isEqualTo(2);
      assertThat(meaningful(app.stderr()))
        .containsExactly("config error: proxy.limits.api.burst: -1 (expected: an integer 0..1000000)");
    }
  }

  @Test
  void productionWithoutASecretExits2() throws Exception {
    try (JarProcess app = JarProcess.start(env("NODE_ENV", "production"))) {
      assertThat(app.waitForExit(EXIT)).isEqualTo(2);
      assertThat(meaningful(app.stderr())).containsExactly(
        "config error: api.jwt.secret: <0 bytes> (expected: at least 32 bytes in production; set JWT_SECRET)");
    }
  }

  @Test
  void aTakenPortExits1NamingTheVariable() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
      int port = taken.getLocalPort();
      try (JarProcess app = JarProcess.start(env("PROXY_PORT", Integer.toString(port)))) {
        assertThat(app.waitForExit(EXIT)).isEqualTo(1);
        assertThat(meaningful(app.stderr())).containsExactly("proxy.port: cannot listen on 0.0.0.0:" + port
          + " (Address already in use); set PROXY_PORT to a free port");
      }
    }
  }

  @Test
  void anUnreachableDatabaseExits1NamingDatabaseUrl() throws Exception {
    int dead;
    try (ServerSocket s = new ServerSocket(0)) {
      dead = s.getLocalPort();
    }
    try (JarProcess app = JarProcess.start(env("DATABASE_URL", "postgresql://postgres:pw@127.0.0.1:" + dead + "/interview_test"))) {
      assertThat(app.waitForExit(EXIT)).isEqualTo(1);
      List<String> err = meaningful(app.stderr());
      assertThat(err).hasSize(1);
      assertThat(err.get(0)).startsWith("api.database.url: cannot use postgresql://postgres:***@127.0.0.1:" + dead
        + "/interview_test (").contains("Connection refused").endsWith("or set DATABASE_URL");
    }
  }

  @Test
  void runsServesAndStopsCleanlyOnSigterm() throws Exception {
    try (JarProcess app = JarProcess.start(env(), "-instances", "3", "-options", "{\"eventLoopPoolSize\":1}")) {
      int port = app.proxyPort();
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
        HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
      app.await(Pattern.compile("proxy listening on .* \\(3 instances"), Duration.ofSeconds(5));
      // -options reached Vert.x: 3 proxy + 3 API instances share one event loop (the default would give each its own)
      String threads = threads(app);
      assertThat(Pattern.compile("\"vert\\.x-eventloop-thread-\\d+\"").matcher(threads).results().count())
        .as("event-loop threads").isEqualTo(1);
      // no transport in -options: Netty's native epoll transport, which the jar carries for linux-x86_64
      assumeTrue("amd64".equals(System.getProperty("os.arch")) && System.getProperty("os.name").startsWith("Linux"));
      assertThat(threads).contains("io.netty.channel.epoll.EpollIoHandler.epollWait");
      assertThat(String.join("\n", app.stdout())).contains("network transport: native epoll");
      app.terminate();
      assertThat(app.waitForExit(EXIT)).isZero();
      assertThat(String.join("\n", app.stdout()) + String.join("\n", app.stderr())).contains("stopped")
        .doesNotContain("WARNING: Illegal reflective access").doesNotContain("--add-opens")
        .doesNotContain("Exception");
    }
  }

  @Test
  void preferNativeTransportFalseInOptionsKeepsNio() throws Exception {
    try (JarProcess app = JarProcess.start(env(), "-options", "{\"preferNativeTransport\":false}")) {
      app.proxyPort();
      String threads = threads(app);
      assertThat(threads).doesNotContain("io.netty.channel.epoll").contains("sun.nio.ch.");
      assertThat(String.join("\n", app.stdout())).contains("network transport: NIO");
      app.terminate();
      assertThat(app.waitForExit(EXIT)).isZero();
    }
  }

  /** The JVM's threads, as jcmd prints them. */
  private static String threads(JarProcess app) throws Exception {
    Process dump = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
      Long.toString(app.pid()), "Thread.print").redirectErrorStream(true).start();
    String threads = new String(dump.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(dump.waitFor()).isZero();
    return threads;
  }

  /**
   * The jar run as nobody (uid 65534). It runs from a copy in a folder of its own that anyone may read: the build's
   * {@code target/} may sit in a private folder (a clone in {@code mktemp -d} or {@code /root}) nobody cannot enter.
   */
  @Test
  void withoutPrivilegesPort80FallsBackTo8080AndSaysSo() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root to switch to an unprivileged user");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv not installed");
    boolean free;
    try (ServerSocket probe = new ServerSocket(8080)) {
      free = true;
    } catch (java.io.IOException e) {
      free = false;
    }
    assumeTrue(free, "port 8080 is taken on this machine");
    Path jdk = Path.of(System.getProperty("java.home"), "bin", "java");
    assumeTrue(closedToOthers(jdk, PosixFilePermission.OTHERS_EXECUTE) == null, "the JDK is not open to other users ("
      + closedToOthers(jdk, PosixFilePermission.OTHERS_EXECUTE) + "): nobody cannot run it");
    Path dir = Files.createTempDirectory("launcher-nobody-");
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      assumeTrue(closedToOthers(dir, null) == null, "the temporary folder is not open to other users ("
        + closedToOthers(dir, null) + "): set java.io.tmpdir to one that is");
      Path jar = Files.copy(JarProcess.jar(), dir.resolve("app-fat.jar"));
      Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));

      Map<String, String> env = env();
      env.remove("PROXY_PORT"); // the default, 80
      try (JarProcess app = JarProcess.start(jar, dir, env,
        List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"))) {
        assertThat(app.proxyPort()).isEqualTo(8080);
        // the public URL is logged after the proxy listens: waited for, not expected at once
        app.await(Pattern.compile(Pattern.quote("public URL http://localhost:8080/")), EXIT);
        assertThat(String.join("\n", app.stdout()) + String.join("\n", app.stderr()))
          .contains("proxy.port: port 80 needs root or CAP_NET_BIND_SERVICE; listening on 8080 instead (set PROXY_PORT to choose)");
        app.terminate();
        assertThat(app.waitForExit(EXIT)).isZero();
      }
    } finally {
      Files.deleteIfExists(dir.resolve("app-fat.jar"));
      Files.deleteIfExists(dir);
    }
  }

  /**
   * The first of {@code path} and the folders above it that other users cannot use: a file without {@code forFile},
   * a folder they cannot enter; null when there is none.
   */
  private static Path closedToOthers(Path path, PosixFilePermission forFile) throws java.io.IOException {
    for (Path p = path.toAbsolutePath().toRealPath(); p != null; p = p.getParent()) {
      PosixFilePermission needed = Files.isDirectory(p) ? PosixFilePermission.OTHERS_EXECUTE : forFile;
      if (needed != null && !Files.getPosixFilePermissions(p).contains(needed)) {
        return p;
      }
    }
    return null;
  }
}
