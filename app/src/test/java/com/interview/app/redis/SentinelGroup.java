package com.interview.app.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private Redis Sentinel deployment on loopback: a master, one replica ({@code --replicaof}) and three
 * {@code redis-sentinel}s (quorum 2, down after 1 s, failover timeout 5 s), every process on a free port of its
 * own, no persistence, the sentinels' config files (which they rewrite) in {@code dir}.
 */
final class SentinelGroup implements AutoCloseable {

  static final String MASTER_NAME = "interview";
  static final int QUORUM = 2;
  static final long DOWN_AFTER_MS = 1000;
  static final long FAILOVER_TIMEOUT_MS = 5000;

  private final RedisProcesses processes;
  private final List<Node> data = new ArrayList<>();
  private final List<Integer> sentinels = new ArrayList<>();

  private record Node(int port, Process process) {
  }

  private SentinelGroup(Path dir) {
    this.processes = new RedisProcesses(dir);
  }

  static boolean available() {
    return RedisProcesses.available("redis-sentinel");
  }

  /** Starts the group and waits until every sentinel knows the synchronised replica and the two other sentinels. */
  static SentinelGroup start(Path dir) throws IOException, InterruptedException {
    SentinelGroup group = new SentinelGroup(dir);
    try {
      int master = RedisProcesses.freePort();
      group.data.add(new Node(master, group.processes.server(master, List.of())));
      int replica = RedisProcesses.freePort();
      group.data.add(new Node(replica, group.processes.server(replica,
        List.of("--replicaof", "127.0.0.1", Integer.toString(master)))));
      for (int i = 0; i < 3; i++) {
        group.sentinels.add(group.sentinel(RedisProcesses.freePort(), master));
      }
      RedisProcesses.await(RedisProcesses.START_DEADLINE_MS,
        "a synchronised replica and three sentinels that know each other", group::settled);
      return group;
    } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
      group.close();
      throw e;
    }
  }

  /** The sentinels' URLs, as {@code api.redis.endpoints}. */
  List<String> sentinelUrls() {
    return sentinels.stream().map(port -> "redis://127.0.0.1:" + port).toList();
  }

  /** The port of the master as the first sentinel names it. */
  int masterPort() throws IOException, InterruptedException {
    List<String> addr = cli(sentinels.get(0), "SENTINEL", "get-master-addr-by-name", MASTER_NAME);
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
      for (int s : sentinels) {
        List<String> addr = cli(s, "SENTINEL", "get-master-addr-by-name", MASTER_NAME);
        if (addr.size() < 2 || Integer.parseInt(addr.get(1)) == oldPort) {
          return false;
        }
      }
      return info(masterPort(), "replication").contains("role:master");
    } catch (IOException | InterruptedException | RuntimeException e) {
      return false;
    }
  }

  List<String> cli(int port, String... args) throws IOException, InterruptedException {
    return processes.cli(port, args);
  }

  private boolean settled() {
    try {
      if (!info(data.get(0).port(), "replication").contains("connected_slaves:1")
        || !info(data.get(1).port(), "replication").contains("master_link_status:up")) {
        return false;
      }
      for (int s : sentinels) {
        List<String> fields = cli(s, "SENTINEL", "master", MASTER_NAME);
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

  private int sentinel(int port, int masterPort) throws IOException, InterruptedException {
    Path conf = processes.dir().resolve("sentinel-" + port + ".conf");
    Files.writeString(conf, String.join("\n",
      "port " + port,
      "bind 127.0.0.1",
      "dir " + processes.dir(),
      "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " " + QUORUM,
      "sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER_MS,
      "sentinel failover-timeout " + MASTER_NAME + " " + FAILOVER_TIMEOUT_MS,
      "sentinel parallel-syncs " + MASTER_NAME + " 1", ""));
    processes.start(port, List.of("redis-sentinel", conf.toString(), "--save", "", "--appendonly", "no"));
    return port;
  }

  @Override
  public void close() throws InterruptedException {
    processes.close();
  }
}
