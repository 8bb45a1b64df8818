package com.interview.app.ops;

import com.interview.app.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `scripts/load-balancer-setup.sh start-local 2` as an operator runs it, without Docker: two API JVMs and a proxy
 * JVM from the fat jar in one Hazelcast cluster (a cluster name and port range of its own, free ports everywhere),
 * then a request through the proxy, `status-local`, and `stop-local`, after which none of the processes is left.
 */
class LoadBalancerSetupIT {

  private static final Path ROOT = Ops.root();

  private static Ops.Result script(Map<String, String> env, Duration timeout, String... args) {
    String[] cmd = new String[args.length + 2];
    cmd[0] = "bash";
    cmd[1] = "scripts/load-balancer-setup.sh";
    System.arraycopy(args, 0, cmd, 2, args.length);
    return Ops.run(ROOT, env, timeout, cmd);
  }

  private static List<Long> pids(Path pidDir) throws Exception {
    List<Long> pids = new ArrayList<>();
    if (Files.isDirectory(pidDir)) {
      try (var s = Files.list(pidDir)) {
        for (Path f : s.filter(p -> p.toString().endsWith(".pid")).toList()) {
          pids.add(Long.parseLong(Files.readString(f).strip()));
        }
      }
    }
    return pids;
  }

  /** Running: the process exists and is not a zombie (an exited JVM whose parent, init here, has not reaped it yet). */
  private static boolean alive(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (java.io.IOException e) {
      return false; // gone
    }
  }

  @Test
  void startLocalRunsAClusterBehindTheProxyAndStopLocalEndsEveryProcess(@TempDir Path tmp) throws Exception {
    TestNode.ensureDatabase();
    int proxyPort = Ops.freePort();
    int proxyManagement = Ops.freePort();
    Path localDir = tmp.resolve("local");
    Map<String, String> env = new HashMap<>(TestNode.env(Map.of()));
    env.putAll(Map.of(
      "PROXY_PORT", "" + proxyPort,
      "PROXY_MANAGEMENT_PORT", "" + proxyManagement,
      "API_PORT_BASE", "0",               // any free port for the API nodes' HTTP and management ports
      "API_MANAGEMENT_PORT_BASE", "0",
      "LOCAL_DIR", localDir.toString(),
      "LOCAL_CLUSTER_NAME", "ops-it-" + UUID.randomUUID().toString().substring(0, 8),
      "LOCAL_CLUSTER_PORT", "" + Ops.freePortRange(12),
      "APP_JAR", JarNode.jar().toString(),
      "LOCAL_JAVA_OPTS", "-Xmx192m"));
    env.put("LOCAL_START_TIMEOUT", "200");
    List<Long> started = List.of();
    try {
      Ops.Result start = script(env, Duration.ofMinutes(4), "start-local", "2");
      started = pids(localDir.resolve("pids"));
      assertThat(start.exit()).as(start.output()).isZero();
      assertThat(start.output()).contains("2 API node(s) and a proxy running")
        .contains("http://127.0.0.1:" + proxyPort + "/api").contains("http://127.0.0.1:" + proxyPort + "/health")
        .contains("http://127.0.0.1:" + proxyManagement + "/metrics");
      assertThat(started).hasSize(3).allSatisfy(pid -> assertThat(alive(pid)).isTrue());
      assertThat(localDir.resolve("proxy.log")).exists();
      assertThat(localDir.resolve("api-1.log")).exists();
      assertThat(localDir.resolve("api-2.log")).exists();

      assertThat(Ops.status("http://127.0.0.1:" + proxyPort + "/health")).isEqualTo(200);
      HttpResponse<String> index = Ops.get("http://127.0.0.1:" + proxyPort + "/api", "Accept", "application/json");
      assertThat(index.statusCode()).isEqualTo(200);
      assertThat(index.body()).contains("\"operations\"");
      // the proxy JVM is in a cluster with both API JVMs
      String health = Ops.get("http://127.0.0.1:" + proxyManagement + "/health").body();
      assertThat(health).contains("\"id\":\"cluster\",\"status\":\"UP\"");
      assertThat(Files.readString(localDir.resolve("proxy.log"))).contains("Members {size:3");

      Ops.Result status = script(env, Duration.ofMinutes(1), "status-local").ok();
      assertThat(status.output().lines().filter(l -> l.contains(" up ")).count()).as(status.output()).isEqualTo(3);

      // a second start-local refuses while these run
      Ops.Result again = script(env, Duration.ofMinutes(1), "start-local", "1");
      assertThat(again.exit()).isEqualTo(1);
      assertThat(again.output()).contains("already running");

      Ops.Result stop = script(env, Duration.ofMinutes(3), "stop-local").ok();
      assertThat(stop.output()).contains("stopped proxy").contains("stopped api-1").contains("stopped api-2")
        .doesNotContain("killed");
      // the proxy is stopped first, so it drains while the API nodes still answer
      assertThat(stop.output().indexOf("stopped proxy")).isLessThan(stop.output().indexOf("stopped api-1"));
      for (long pid : started) {
        assertThat(alive(pid)).as("pid " + pid + " after stop-local").isFalse();
      }
      assertThat(pids(localDir.resolve("pids"))).isEmpty();
      assertThat(Files.readString(localDir.resolve("proxy.log"))).contains("stopped");
    } finally {
      List<Long> left = new ArrayList<>(started);
      left.addAll(pids(localDir.resolve("pids")));
      for (long pid : left) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        h.filter(ProcessHandle::isAlive)
          .filter(p -> p.info().commandLine().map(c -> c.contains("app-fat.jar")).orElse(false))
          .ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }
}
