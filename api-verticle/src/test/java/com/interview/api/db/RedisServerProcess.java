package com.interview.api.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A private {@code redis-server} on a port of its own, for tests of Redis going away and coming back. It keeps no
 * snapshot unless told to ({@link #shutdownSaving()}); started again in the same directory it loads that snapshot.
 */
public final class RedisServerProcess implements AutoCloseable {

  private final int port;
  private final Path dir;
  private Process process;

  private RedisServerProcess(int port, Path dir) {
    this.port = port;
    this.dir = dir;
  }

  /** Starts a server on a free port, its snapshot file in {@code dir}. */
  public static RedisServerProcess start(Path dir) throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    RedisServerProcess redis = new RedisServerProcess(port, dir);
    redis.restart();
    return redis;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** Starts the server (again) on its port, from the snapshot in its directory if there is one. */
  public void restart() throws IOException, InterruptedException {
    process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
      "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--dbfilename", "dump.rdb")
      .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try {
        if (command("PING").startsWith("+PONG")) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new AssertionError("redis-server did not start on " + port);
  }

  /** Kills the server at once: what it held is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  /** Stops the server after it wrote everything it holds to its snapshot, as a persistent Redis would keep it. */
  public void shutdownSaving() throws IOException, InterruptedException {
    try {
      command("SHUTDOWN SAVE");
    } catch (IOException closedWhileAnswering) {
      // a shutdown closes the connection instead of answering
    }
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new AssertionError("redis-server did not shut down");
    }
  }

  private String command(String line) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      OutputStream out = s.getOutputStream();
      out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] answer = new byte[64];
      int n = in.read(answer);
      return n <= 0 ? "" : new String(answer, 0, n, StandardCharsets.US_ASCII);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      kill();
    }
  }
}
