package com.interview.app.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Private {@code redis-server} / {@code redis-sentinel} processes on free loopback ports, their logs in {@code dir},
 * and {@code redis-cli} for the fixtures' commands. {@link #close()} SIGKILLs whatever is still alive.
 */
final class RedisProcesses implements AutoCloseable {

  static final long START_DEADLINE_MS = 30_000;

  private final Path dir;
  private final List<Process> started = new ArrayList<>();

  RedisProcesses(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  /** Whether {@code redis-server}, {@code redis-cli} and the other {@code tools} are on the PATH. */
  static boolean available(String... tools) {
    List<String> all = new ArrayList<>(List.of("redis-server", "redis-cli"));
    all.addAll(List.of(tools));
    for (String tool : all) {
      try {
        Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
          return false;
        }
      } catch (IOException | InterruptedException e) {
        return false;
      }
    }
    return true;
  }

  /** {@code redis-server} without persistence on {@code port} with {@code extra} arguments, once it answers PING. */
  Process server(int port, List<String> extra) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind",
      "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--dbfilename", "dump-" + port + ".rdb"));
    command.addAll(extra);
    return start(port, command);
  }

  /** Runs {@code command} (a server listening on {@code port}) and waits until it answers PING. */
  Process start(int port, List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
      .redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start();
    started.add(p);
    await(START_DEADLINE_MS, command.get(0) + " answering on " + port, () -> {
      try {
        return p.isAlive() && cli(port, "PING").contains("PONG");
      } catch (IOException | InterruptedException e) {
        return false;
      }
    });
    return p;
  }

  /** Runs {@code redis-cli -h 127.0.0.1 -p port args...}; its non-empty output lines, trimmed. */
  List<String> cli(int port, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("-h", "127.0.0.1", "-p", Integer.toString(port)));
    command.addAll(List.of(args));
    return redisCli(command);
  }

  /** Runs {@code redis-cli args...}; its non-empty output lines, trimmed. */
  List<String> redisCli(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("redis-cli"));
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("redis-cli hung: " + command);
    }
    return new String(out, StandardCharsets.UTF_8).lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
  }

  /** Polls {@code condition} every 50 ms until it holds, or fails naming {@code what} after {@code deadlineMs}. */
  static void await(long deadlineMs, String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMs);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + deadlineMs + " ms: " + what);
      }
      Thread.sleep(50);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : started) {
      if (p.isAlive()) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
