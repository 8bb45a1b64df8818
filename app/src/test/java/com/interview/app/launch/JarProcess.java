package com.interview.app.launch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The fat jar as a real process: output captured line by line, waited on with deadlines, signalled like an operator would. */
public final class JarProcess implements AutoCloseable {

  private static final Pattern PROXY_PORT = Pattern.compile("proxy listening on http://[^:]+:(\\d+)");
  private static final Pattern MANAGEMENT_PORT = Pattern.compile("management listening on http://[^:]+:(\\d+)");
  private static final Pattern API_PORT = Pattern.compile("api listening on http://[^:]+:(\\d+)");

  /** How long a JVM may take to listen: Hazelcast's join is silent, and a busy 2-core machine makes it slow. */
  private static final Duration STARTUP = Duration.ofSeconds(120);

  private final Process process;
  private final List<String> stdout = new CopyOnWriteArrayList<>();
  private final List<String> stderr = new CopyOnWriteArrayList<>();
  private final Thread outPump;
  private final Thread errPump;

  private JarProcess(Process process) {
    this.process = process;
    outPump = pump(process.getInputStream(), stdout);
    errPump = pump(process.getErrorStream(), stderr);
  }

  /** The jar built by {@code mvn package} (failsafe passes its path). */
  public static Path jar() {
    return Path.of(System.getProperty("app.jar", "target/app-fat.jar"));
  }

  public static JarProcess start(Map<String, String> env, String... args) throws IOException {
    return start(env, null, args);
  }

  public static JarProcess start(Map<String, String> env, List<String> prefix, String... args) throws IOException {
    return start(jar(), Path.of(System.getProperty("java.io.tmpdir")), env, prefix, args);
  }

  /** {@code jar} run in {@code directory}, the command after {@code prefix} (e.g. setpriv and its options) when not null. */
  public static JarProcess start(Path jar, Path directory, Map<String, String> env, List<String> prefix, String... args)
    throws IOException {
    List<String> cmd = new ArrayList<>();
    if (prefix != null) {
      cmd.addAll(prefix);
    }
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-jar");
    cmd.add(jar.toAbsolutePath().toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(directory.toFile());
    pb.environment().keySet().removeIf(k -> k.equals("APP_ROLE") || k.startsWith("PROXY_") || k.equals("PORT")
      || k.equals("MANAGEMENT_PORT") || k.equals("APP_ENV") || k.equals("NODE_ENV") || k.equals("JWT_SECRET")
      || k.equals("CLUSTER_MEMBERS") || k.equals("ADMIN_TOKEN"));
    pb.environment().putAll(env);
    return new JarProcess(pb.start());
  }

  private static Thread pump(java.io.InputStream in, List<String> sink) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          sink.add(line);
        }
      } catch (IOException ignored) {
        // process ended
      }
    }, "jar-output");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Waits until a line of stdout or stderr matches; returns its first group (or the line). */
  public String await(Pattern pattern, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      boolean exited = !process.isAlive();
      if (exited) { // everything it wrote, before the last look
        joinPumps();
      }
      String found = firstMatch(pattern);
      if (found != null) {
        return found;
      }
      if (exited) {
        throw new AssertionError("process exited with " + process.exitValue() + " before " + pattern + ":\n" + output());
      }
      sleep(50);
    }
    throw new AssertionError("no line matching " + pattern + " within " + timeout + ":\n" + output());
  }

  private String firstMatch(Pattern pattern) {
    for (List<String> lines : List.of(stdout, stderr)) {
      for (String line : lines) {
        Matcher m = pattern.matcher(line);
        if (m.find()) {
          return m.groupCount() > 0 ? m.group(1) : line;
        }
      }
    }
    return null;
  }

  private void joinPumps() {
    try {
      outPump.join(5000);
      errPump.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public int proxyPort() {
    return Integer.parseInt(await(PROXY_PORT, STARTUP));
  }

  public int managementPort() {
    return Integer.parseInt(await(MANAGEMENT_PORT, STARTUP));
  }

  public int apiPort() {
    return Integer.parseInt(await(API_PORT, STARTUP));
  }

  public int waitForExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("still running after " + timeout + ":\n" + output());
    }
    joinPumps(); // every line the process wrote
    return process.exitValue();
  }

  /**
   * SIGTERM, as {@code docker stop} and {@code kill} send it — through the process handle, because
   * {@code Process.destroy()} also closes our end of its output, losing what it logs while stopping.
   */
  public void terminate() {
    process.toHandle().destroy();
  }

  public long pid() {
    return process.pid();
  }

  public List<String> stdout() {
    return stdout;
  }

  public List<String> stderr() {
    return stderr;
  }

  public String output() {
    return "--- stdout\n" + String.join("\n", stdout) + "\n--- stderr\n" + String.join("\n", stderr);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
