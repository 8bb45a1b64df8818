package com.interview.app.ops;

import org.junit.jupiter.api.Assumptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the operations tests share: the repository root, external commands run with a deadline (output in a file,
 * so a chatty command can never block on a full pipe), the Debian tools they need, free ports, YAML.
 */
final class Ops {

  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
    .connectTimeout(Duration.ofSeconds(3)).build();

  private Ops() {
  }

  /** The repository root: the first directory upwards from the working directory holding docker/Dockerfile. */
  static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      if (Files.isRegularFile(p.resolve("docker/Dockerfile")) && Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
      p = p.getParent();
    }
    throw new IllegalStateException("no repository root (docker/Dockerfile) above " + Path.of("").toAbsolutePath());
  }

  static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> yaml(String text) {
    return (Map<String, Object>) new Yaml().load(text);
  }

  static Map<String, Object> yaml(Path p) {
    return yaml(read(p));
  }

  /** The result of a finished command: exit code and its stdout + stderr, interleaved. */
  record Result(int exit, String output) {
    Result ok() {
      if (exit != 0) {
        throw new AssertionError("exit " + exit + ":\n" + output);
      }
      return this;
    }
  }

  /** Runs a command in {@code dir} with {@code env} added to this JVM's environment; fails after {@code timeout}. */
  static Result run(Path dir, Map<String, String> env, Duration timeout, String... command) {
    Path out = null;
    Process p = null;
    try {
      out = Files.createTempFile("ops-cmd", ".out");
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      pb.environment().putAll(env);
      p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + ": still running after " + timeout + ":\n" + Files.readString(out));
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } finally {
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException ignored) {
          // temp file
        }
      }
    }
  }

  static boolean onPath(String command) {
    return run(Path.of("/"), Map.of(), Duration.ofSeconds(10), "sh", "-c", "command -v " + command).exit() == 0;
  }

  /**
   * Makes sure {@code command} is there, installing the Debian {@code pkg} (without recommends) when it is
   * missing and this runs as root with apt-get, as scripts/test.sh does before the tests. Skips the test, with the
   * reason, only when the tool cannot be installed here.
   */
  static synchronized void requireTool(String command, String pkg) {
    if (onPath(command)) {
      return;
    }
    boolean root = run(Path.of("/"), Map.of(), Duration.ofSeconds(10), "id", "-u").output().trim().equals("0");
    if (root && onPath("apt-get")) {
      String install = "DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends " + pkg;
      Result r = run(Path.of("/"), Map.of(), Duration.ofMinutes(8), "sh", "-c",
        install + " || { apt-get update -q && " + install + "; }");
      if (r.exit() != 0) {
        System.err.println("installing " + pkg + " failed:\n" + r.output());
      }
    }
    Assumptions.assumeTrue(onPath(command), command + " is missing and the Debian package '" + pkg
      + "' could not be installed (needs root and apt-get); run scripts/test.sh as root, or install it");
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A first port such that it and the {@code count - 1} after it are free now (for Hazelcast's port range). */
  static int freePortRange(int count) {
    for (int attempt = 0; attempt < 200; attempt++) {
      int base = 20000 + (int) (Math.random() * 30000);
      boolean free = true;
      for (int p = base; p < base + count && free; p++) {
        try (ServerSocket s = new ServerSocket(p, 1, java.net.InetAddress.getLoopbackAddress())) {
          s.setReuseAddress(true);
        } catch (IOException e) {
          free = false;
        }
      }
      if (free) {
        return base;
      }
    }
    throw new IllegalStateException("no " + count + " consecutive free ports");
  }

  static HttpResponse<String> get(String url, String... headers) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
      for (int i = 0; i + 1 < headers.length; i += 2) {
        b.header(headers[i], headers[i + 1]);
      }
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The status of GET url, or -1 when nothing answers. */
  static int status(String url) {
    try {
      return get(url).statusCode();
    } catch (UncheckedIOException e) {
      return -1;
    }
  }

  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(s.sorted(Comparator.reverseOrder()).toList());
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // best effort: a temp directory
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
