package com.interview.app.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A private Redis Sentinel deployment on loopback: a master, one replica ({@code --replicaof}) and three
 * {@code redis-sentinel}s (quorum 2, down after 1 s, failover timeout 5 s), every process on a free port of its
 * own, no persistence, the sentinels' config files (which they rewrite) in {@code dir}. Fixture commands go
 * through {@code redis-cli}.
 */
final class SentinelGroup implements AutoCloseable {

  static final String MASTER_NAME = "interview";
  static final int QUORUM = 2;
  static final long DOWN_AFTER_MS = 1000;
  static final long FAILOVER_TIMEOUT_MS = 5000;

  private final Path dir;
  private final List<Node> data = new ArrayList<>();
  private final List<Node> sentinels = new ArrayList<>();

  private record Node(int port, Process process) {
  }

  private SentinelGroup(Path dir) {
    this.dir = dir;
  }

  /** Whether {@code redis-server}, {@code redis-sentinel} and {@code redis-cli} are on the PATH. */
  static boolean available() {
    for (String tool : List.of("redis-server", "redis-sentinel", "redis-cli")) {
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

  /** Starts the group and waits until every sentinel knows the replica and the two other sentinels. */
  static SentinelGroup start(Path dir) throws IOException, InterruptedException {
    SentinelGroup group = new SentinelGroup(dir);
    try {
      int master = freePort();
      group.data.add(group.server(master, null));
      group.data.add(group.server(freePort(), master));
      for (int i = 0; i < 3; i++) {
        group.sentinels.add(group.sentinel(freePort(), master));
      }
      group.await(Duration.START, "a synchronised replica and three sentinels that know each other", group::settled);
      return group;
    } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
      group.close();
      throw e;
    }
  }

  /** The sentinels' URLs, as {@code api.redis.endpoints}. */
  List<String> sentinelUrls() {
    return sentinels.stream().map(s -> "redis://127.0.0.1:" + s.port()).toList();
  }

  /** The port of the master as the first sentinel names it. */
  int masterPort() throws IOException, InterruptedException {
    List<String> addr = cli(sentinels.get(0).port(), "SENTINEL", "get-master-addr-by-name", MASTER_NAME);
    return addr.size() < 2 ? -1 : Integer.parseInt(addr.get(1));
  }

  /** Waits until the master's writes so far reached the replica ({@code WAIT 1}). */
  void awaitReplicated() throws IOException, InterruptedException {
    List<String> acked = cli(masterPort(), "WAIT", "1", "5000");
    if (acked.isEmpty() || !acked.get(0).equals("1")) {
      throw new AssertionError("the replica did not acknowledge the master's writes: " + acked);
    }
  }

  /** SIGKILLs the current master; returns its port. */
  int killMaster() throws IOException, InterruptedException {
    int port = masterPort();
    for (Node n : data) {
      if (n.port() == port) {
        n.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return port;
      }
    }
    throw new AssertionError("no data node on the master's port " + port);
  }

  /** Every sentinel names a master other than {@code oldPort}, and that node says it is a master. */
  boolean failedOverFrom(int oldPort) {
    try {
      for (Node s : sentinels) {
        List<String> addr = cli(s.port(), "SENTINEL", "get-master-addr-by-name", MASTER_NAME);
        if (addr.size() < 2 || Integer.parseInt(addr.get(1)) == oldPort) {
          return false;
        }
      }
      return info(masterPort(), "replication").contains("role:master");
    } catch (IOException | InterruptedException | RuntimeException e) {
      return false;
    }
  }

  /** Runs {@code redis-cli -p port args...}; its output lines ({@code --no-raw} off: raw values). */
  List<String> cli(int port, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("redis-cli hung: " + command);
    }
    return new String(out, StandardCharsets.UTF_8).lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
  }

  /** Polls {@code condition} every 50 ms until it holds, or fails naming {@code what} after {@code deadline}. */
  void await(Duration deadline, String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + deadline.nanos;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + deadline.nanos / 1_000_000 + " ms: " + what);
      }
      Thread.sleep(50);
    }
  }

  /** Deadlines of the fixture. */
  enum Duration {
    START(30_000), FAILOVER(30_000);

    final long nanos;

    Duration(long ms) {
      this.nanos = TimeUnit.MILLISECONDS.toNanos(ms);
    }
  }

  private boolean settled() {
    try {
      if (!info(data.get(0).port(), "replication").contains("connected_slaves:1")
        || !info(data.get(1).port(), "replication").contains("master_link_status:up")) {
        return false;
      }
      for (Node s : sentinels) {
        List<String> fields = cli(s.port(), "SENTINEL", "master", MASTER_NAME);
        if (!field(fields, "num-slaves").equals("1") || !field(fields, "num-other-sentinels").equals("2")) {
          return false;
        }
      }
      return true;
    } catch (IOException | InterruptedException | RuntimeException e) {
      return false;
    }
  }

  private static String field(List<String> flat, String name) {
    int i = flat.indexOf(name);
    return i < 0 || i + 1 >= flat.size() ? "" : flat.get(i + 1);
  }

  private String info(int port, String section) throws IOException, InterruptedException {
    return String.join("\n", cli(port, "INFO", section));
  }

  private Node server(int port, Integer masterPort) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind",
      "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--dbfilename", "dump-" + port + ".rdb"));
    if (masterPort != null) {
      command.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(masterPort)));
    }
    return started(port, command);
  }

  private Node sentinel(int port, int masterPort) throws IOException, InterruptedException {
    Path conf = dir.resolve("sentinel-" + port + ".conf");
    Files.writeString(conf, String.join("\n",
      "port " + port,
      "bind 127.0.0.1",
      "dir " + dir,
      "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " " + QUORUM,
      "sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER_MS,
      "sentinel failover-timeout " + MASTER_NAME + " " + FAILOVER_TIMEOUT_MS,
      "sentinel parallel-syncs " + MASTER_NAME + " 1", ""));
    return started(port, List.of("redis-sentinel", conf.toString(), "--save", "", "--appendonly", "no"));
  }

  private Node started(int port, List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
      .redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start();
    try {
      await(Duration.START, command.get(0) + " answering on " + port, () -> {
        try {
          return p.isAlive() && cli(port, "PING").contains("PONG");
        } catch (IOException | InterruptedException e) {
          return false;
        }
      });
    } catch (AssertionError | InterruptedException e) {
      p.destroyForcibly();
      throw e;
    }
    return new Node(port, p);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    List<Node> all = new ArrayList<>(sentinels);
    all.addAll(data);
    for (Node n : all) {
      if (n.process().isAlive()) {
        n.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
