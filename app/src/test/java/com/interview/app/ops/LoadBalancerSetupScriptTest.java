package com.interview.app.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * scripts/load-balancer-setup.sh in a copy of the repository's scripts (so the test never writes into the work
 * tree): `setup` makes the directories, a certificate the proxy can load and docker/.env; the Docker commands say
 * clearly when there is no engine; unknown commands fail with the usage.
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
}
