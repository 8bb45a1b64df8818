package com.interview.app.redis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A private Redis Cluster on loopback: three masters ({@code --cluster-enabled yes}, no replicas, no persistence)
 * joined by {@code redis-cli --cluster create ... --cluster-yes}, ready once every node says {@code cluster_state:ok}.
 */
final class RedisClusterNodes implements AutoCloseable {

  private final RedisProcesses processes;
  private final List<Integer> ports = new ArrayList<>();

  private RedisClusterNodes(Path dir) {
    this.processes = new RedisProcesses(dir);
  }

  static RedisClusterNodes start(Path dir) throws IOException, InterruptedException {
    RedisClusterNodes cluster = new RedisClusterNodes(dir);
    try {
      List<String> create = new ArrayList<>(List.of("--cluster", "create"));
      for (int i = 0; i < 3; i++) {
        int port = RedisProcesses.freePort();
        cluster.processes.server(port, List.of("--cluster-enabled", "yes", "--cluster-config-file",
          "nodes-" + port + ".conf", "--cluster-node-timeout", "2000"));
        cluster.ports.add(port);
        create.add("127.0.0.1:" + port);
      }
      create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
      List<String> out = cluster.processes.redisCli(create);
      RedisProcesses.await(RedisProcesses.START_DEADLINE_MS, "cluster_state:ok on every node (" + out + ")",
        cluster::ok);
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
      cluster.close();
      throw e;
    }
  }

  /** The nodes' URLs, as {@code api.redis.endpoints}. */
  List<String> urls() {
    return ports.stream().map(p -> "redis://127.0.0.1:" + p).toList();
  }

  /** How many keys each node holds, in node order. */
  List<Integer> keysPerNode() throws IOException, InterruptedException {
    List<Integer> counts = new ArrayList<>();
    for (int port : ports) {
      counts.add(Integer.parseInt(processes.cli(port, "DBSIZE").get(0)));
    }
    return counts;
  }

  private boolean ok() {
    try {
      for (int port : ports) {
        if (!processes.cli(port, "CLUSTER", "INFO").contains("cluster_state:ok")) {
          return false;
        }
      }
      return true;
    } catch (IOException | InterruptedException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    processes.close();
  }
}
