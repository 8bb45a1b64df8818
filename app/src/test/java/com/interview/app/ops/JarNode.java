package com.interview.app.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The fat jar (or any command) as a background process the way the containers run it: a working directory of its own,
 * JVM options, environment, output to a log file. Closing it sends SIGTERM, waits, then kills.
 */
final class JarNode implements AutoCloseable {

  final String name;
  final Path log;
  private final Process process;

  private JarNode(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static Path jar() {
    Path p = Path.of(System.getProperty("app.jar", "target/app-fat.jar")).toAbsolutePath();
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException(p + " is missing: run `mvn package` (failsafe passes app.jar)");
    }
    return p;
  }

  static JarNode java(String name, Path dir, Map<String, String> env, List<String> jvmOptions, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.addAll(List.of(args));
    return start(name, dir, env, cmd);
  }

  static JarNode start(String name, Path dir, Map<String, String> env, List<String> cmd) {
    try {
      Files.createDirectories(dir);
      Path log = dir.resolve(name + ".out");
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      // the application reads these: nothing from the test's own environment leaks in
      pb.environment().keySet().removeIf(k -> k.equals("APP_ROLE") || k.startsWith("PROXY_") || k.equals("PORT")
        || k.equals("MANAGEMENT_PORT") || k.equals("APP_ENV") || k.equals("NODE_ENV") || k.equals("JWT_SECRET")
        || k.equals("CLUSTER_MEMBERS") || k.equals("ADMIN_TOKEN") || k.equals("JAVA_TOOL_OPTIONS"));
      pb.environment().putAll(env);
      return new JarNode(name, pb.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String output() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(" + e + ")";
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Waits until GET url answers {@code status}; fails early when the process exits. */
  void awaitStatus(String url, int status, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + " before " + url + " answered " + status
          + ":\n" + output());
      }
      if (Ops.status(url) == status) {
        return;
      }
      Ops.sleep(200);
    }
    throw new AssertionError(name + ": " + url + " did not answer " + status + " within " + timeout + ":\n" + output());
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.toHandle().destroy(); // SIGTERM: the application drains and exits 0
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
