package com.interview.app.ops;

import com.interview.api.db.Migrations;
import com.interview.app.TestNode;
import com.interview.testing.TestHttp;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * scripts/load-balancer-setup.sh in a copy of the repository's scripts (so the test never writes into the work
 * tree): `setup` makes the directories, a certificate the proxy can load (its key private) and docker/.env; the
 * Docker commands say clearly when there is no engine, and - against a stand-in `docker` that records what it is
 * asked (no engine here) - restart the scaled layout with its replica count and find the published port in
 * docker/.env; `backup` without a compose stack dumps DATABASE_URL with pg_dump; unknown commands fail with the usage.
 */
class LoadBalancerSetupScriptTest {

  private static final Path ROOT = Ops.root();

  private static Path copyOfScripts(Path to) throws IOException {
    try (Stream<Path> files = Files.walk(ROOT.resolve("scripts"))) {
      for (Path f : files.toList()) {
        Path target = to.resolve(ROOT.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    Files.createDirectories(to.resolve("docker"));
    Files.copy(ROOT.resolve("docker/.env.example"), to.resolve("docker/.env.example"));
    return to;
  }

  @Test
  void setupMakesTheDirectoriesADevelopmentCertificateAndTheEnvFile(@TempDir Path tmp) throws IOException {
    Ops.requireTool("openssl", "openssl");
    Path repo = copyOfScripts(tmp);
    Ops.Result r = Ops.run(repo, Map.of(), Duration.ofMinutes(2), "bash", "scripts/load-balancer-setup.sh", "setup").ok();
    assertThat(r.output()).contains("self-signed certificate").contains("setup done");
    for (String d : new String[] {"logs", "logs/proxy", "uploads", "backups", "ssl"}) {
      assertThat(repo.resolve(d)).isDirectory();
    }
    assertThat(Files.readString(repo.resolve("docker/.env"))).isEqualTo(Files.readString(ROOT.resolve("docker/.env.example")));
    // a certificate for localhost, and a key that matches it (what proxy.tls loads)
    Ops.Result subject = Ops.run(repo, Map.of(), Duration.ofSeconds(30), "openssl", "x509", "-in", "ssl/cert.pem",
      "-noout", "-subject", "-ext", "subjectAltName").ok();
    assertThat(subject.output()).contains("CN = localhost").contains("DNS:localhost");
    String certKey = Ops.run(repo, Map.of(), Duration.ofSeconds(30), "openssl", "x509", "-in", "ssl/cert.pem", "-noout",
      "-pubkey").ok().output();
    String key = Ops.run(repo, Map.of(), Duration.ofSeconds(30), "openssl", "pkey", "-in", "ssl/key.pem", "-pubout").ok().output();
    assertThat(key).isEqualTo(certKey);
    // the key for its owner only - the image's user when setup may give it away (root), else the operator
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(repo.resolve("ssl/key.pem")))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(repo.resolve("ssl/cert.pem")))).isEqualTo("rw-r--r--");
    boolean root = Ops.run(repo, Map.of(), Duration.ofSeconds(10), "id", "-u").output().trim().equals("0");
    if (root) {
      assertThat(Files.getAttribute(repo.resolve("ssl/key.pem"), "unix:uid")).as("owner of ssl/key.pem").isEqualTo(10001);
    } else {
      assertThat(r.output()).contains("sudo chown 10001 ssl/key.pem");
    }

    // a second run keeps the certificate and the .env the operator may have edited
    Files.writeString(repo.resolve("docker/.env"), "JWT_SECRET=mine\n");
    String cert = Files.readString(repo.resolve("ssl/cert.pem"));
    Ops.run(repo, Map.of(), Duration.ofMinutes(1), "bash", "scripts/load-balancer-setup.sh", "setup").ok();
    assertThat(Files.readString(repo.resolve("ssl/cert.pem"))).isEqualTo(cert);
    assertThat(Files.readString(repo.resolve("docker/.env"))).isEqualTo("JWT_SECRET=mine\n");
  }

  @Test
  void dockerCommandsSayWhatIsMissingWithoutAnEngine(@TempDir Path tmp) throws IOException {
    boolean engine = Ops.onPath("docker")
      && Ops.run(tmp, Map.of(), Duration.ofSeconds(30), "docker", "info").exit() == 0;
    org.junit.jupiter.api.Assumptions.assumeFalse(engine, "a Docker engine answers here: nothing to check about its absence");
    Path repo = copyOfScripts(tmp);
    for (String cmd : new String[] {"start", "start-scaled", "stop", "status", "logs"}) {
      Ops.Result r = Ops.run(repo, Map.of(), Duration.ofMinutes(1), "bash", "scripts/load-balancer-setup.sh", cmd);
      assertThat(r.exit()).as(cmd).isEqualTo(1);
      assertThat(r.output()).as(cmd).containsPattern("docker is not installed|no Docker engine answers")
        .contains("start-local");
    }
  }

  @Test
  void unknownCommandsAndBadCountsFailWithTheUsage(@TempDir Path tmp) throws IOException {
    Path repo = copyOfScripts(tmp);
    Ops.Result r = Ops.run(repo, Map.of(), Duration.ofSeconds(30), "bash", "scripts/load-balancer-setup.sh", "frobnicate");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.output()).contains("unknown command 'frobnicate'").contains("start-local [N]").contains("stop-local");
    Ops.Result help = Ops.run(repo, Map.of(), Duration.ofSeconds(30), "bash", "scripts/load-balancer-setup.sh", "--help").ok();
    assertThat(help.output()).contains("setup").contains("start-scaled [N]").contains("backup").contains("bench")
      .doesNotContain("set -euo");
    Ops.Result bad = Ops.run(repo, Map.of(), Duration.ofSeconds(30), "bash", "scripts/load-balancer-setup.sh", "start-local", "zero");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.output()).contains("start-local needs a count of API nodes >= 1");
    // stop-local with nothing running is not an error
    Ops.run(repo, Map.of("LOCAL_DIR", tmp.resolve("none").toString()), Duration.ofSeconds(30), "bash",
      "scripts/load-balancer-setup.sh", "stop-local").ok();
  }

  /**
   * A stand-in for the docker CLI: `info` and `compose version` succeed, every call is appended to {@code calls}, and
   * {@code calls.buildkit} holds DOCKER_BUILDKIT and COMPOSE_DOCKER_CLI_BUILD as the last call saw them.
   */
  private static Path fakeDocker(Path dir, Path calls) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path docker = bin.resolve("docker");
    Files.writeString(docker, "#!/bin/sh\necho \"$*\" >> '" + calls + "'\n"
      + "echo \"$DOCKER_BUILDKIT $COMPOSE_DOCKER_CLI_BUILD\" > '" + calls + ".buildkit'\nexit 0\n");
    Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  @Test
  void restartKeepsTheScaledReplicaCountAndStatusTakesTheHttpPortFromDockerEnv(@TempDir Path tmp) throws IOException {
    Ops.requireTool("openssl", "openssl");
    Ops.requireTool("curl", "curl");
    Path repo = copyOfScripts(tmp.resolve("repo"));
    Path calls = tmp.resolve("docker-calls");
    Map<String, String> env = Map.of("PATH", fakeDocker(tmp, calls) + ":" + System.getenv("PATH"));
    // the proxy's public /health, on the port docker/.env publishes (not 80)
    HttpServer health = HttpServer.create(new InetSocketAddress(0), 0);
    health.createContext("/health", x -> {
      x.sendResponseHeaders(200, -1);
      x.close();
    });
    health.start();
    try {
      int port = health.getAddress().getPort();
      Ops.run(repo, env, Duration.ofMinutes(2), "bash", "scripts/load-balancer-setup.sh", "setup").ok();
      Files.writeString(repo.resolve("docker/.env"), Files.readString(repo.resolve("docker/.env"))
        .replace("HTTP_PORT=80\n", "HTTP_PORT=" + port + "\n"));
      String up = "compose -p interview -f docker/docker-compose.scale.yml up -d --build --scale ";
      String down = "compose -p interview -f docker/docker-compose.scale.yml down --remove-orphans";

      Ops.Result started = script(repo, env, "start-scaled", "5");
      assertThat(started.output()).contains("waiting for http://localhost:" + port + "/health")
        .contains("http://localhost:" + port + "/api");
      assertThat(Files.readAllLines(calls)).contains(up + "app=5");
      assertThat(Files.readString(Path.of(calls + ".buildkit")).trim()).as("RUN --mount needs BuildKit").isEqualTo("1 1");

      // restart remembers the replica count; a count given to restart becomes the one remembered
      assertThat(restart(repo, env, calls)).containsSubsequence(down, up + "app=5");
      assertThat(restart(repo, env, calls, "2")).containsSubsequence(down, up + "app=2");
      assertThat(restart(repo, env, calls)).containsSubsequence(down, up + "app=2");

      Ops.Result status = script(repo, env, "status");
      assertThat(status.output()).contains("public  http://localhost:" + port + "/health -> 200");
    } finally {
      health.stop(0);
    }
  }

  /** The docker calls of one `restart [N]`. */
  private static List<String> restart(Path repo, Map<String, String> env, Path calls, String... count) throws IOException {
    Files.deleteIfExists(calls);
    String[] args = new String[count.length + 1];
    args[0] = "restart";
    System.arraycopy(count, 0, args, 1, count.length);
    script(repo, env, args);
    return Files.readAllLines(calls);
  }

  private static Ops.Result script(Path repo, Map<String, String> env, String... args) {
    String[] cmd = new String[args.length + 2];
    cmd[0] = "bash";
    cmd[1] = "scripts/load-balancer-setup.sh";
    System.arraycopy(args, 0, cmd, 2, args.length);
    return Ops.run(repo, env, Duration.ofMinutes(2), cmd).ok();
  }

  @Test
  void backupWithoutAComposeStackDumpsDatabaseUrlIntoBackups(@TempDir Path tmp) throws IOException {
    Ops.requireTool("pg_dump", "postgresql-client");
    TestNode.ensureDatabase();
    Vertx vertx = Vertx.vertx();
    try {
      TestHttp.await(Migrations.migrate(vertx, PgConnectOptions.fromUri(TestNode.DATABASE_URL)));
    } finally {
      TestHttp.await(vertx.close());
    }
    Path repo = copyOfScripts(tmp);
    // no Docker engine here, or no stack of project "interview" running: the script falls back to db-backup.sh
    Ops.Result r = Ops.run(repo, Map.of("DATABASE_URL", TestNode.DATABASE_URL), Duration.ofMinutes(3), "bash",
      "scripts/load-balancer-setup.sh", "backup").ok();
    assertThat(r.output()).contains("no running compose stack: scripts/db-backup.sh on DATABASE_URL");
    List<String> lines = r.output().strip().lines().toList();
    Path dump = Path.of(lines.get(lines.size() - 1));
    String db = java.net.URI.create(TestNode.DATABASE_URL).getPath().substring(1);
    assertThat(dump.getParent()).isEqualTo(repo.resolve("backups"));
    assertThat(dump.getFileName().toString()).matches(java.util.regex.Pattern.quote(db) + "-\\d{8}T\\d{6}Z\\.dump");
    String contents = Ops.run(repo, Map.of(), Duration.ofMinutes(1), "pg_restore", "--list", dump.toString()).ok().output();
    assertThat(contents).contains("dbname: " + db).contains("TABLE public users").contains("TABLE DATA public questions");
  }
}
