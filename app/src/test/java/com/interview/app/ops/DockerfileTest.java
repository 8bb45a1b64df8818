package com.interview.app.ops;

import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker/Dockerfile without a Docker engine: its stages, the jar it copies (the path the Maven build really
 * produces), the non-root user, the health check, the JVM flags - and its ENTRYPOINT shell line, run with a stub
 * {@code java} to see the command the container would execute.
 */
class DockerfileTest {

  private static final Path ROOT = Ops.root();

  /** One instruction: keyword and its arguments (continuation lines joined, comments dropped). */
  record Instruction(String keyword, String args) {
  }

  static List<List<Instruction>> stages() {
    List<List<Instruction>> stages = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String raw : Ops.read(ROOT.resolve("docker/Dockerfile")).split("\n")) {
      String l = raw.strip();
      if (line.isEmpty() && (l.isEmpty() || l.startsWith("#"))) {
        continue;
      }
      if (l.startsWith("#")) {
        continue; // a comment inside a continued instruction
      }
      if (l.endsWith("\\")) {
        line.append(l, 0, l.length() - 1).append(' ');
        continue;
      }
      line.append(l);
      String text = line.toString().strip();
      line.setLength(0);
      int sp = text.indexOf(' ');
      Instruction ins = new Instruction(text.substring(0, sp).toUpperCase(), text.substring(sp + 1).strip());
      if (ins.keyword().equals("FROM")) {
        stages.add(new ArrayList<>());
      }
      stages.get(stages.size() - 1).add(ins);
    }
    return stages;
  }

  static List<Instruction> all(List<Instruction> stage, String keyword) {
    return stage.stream().filter(i -> i.keyword().equals(keyword)).toList();
  }

  @Test
  void buildsWithMavenThenRunsOnAJreWithTheFatJarOnly() {
    List<List<Instruction>> stages = stages();
    assertThat(stages).hasSize(2);
    List<Instruction> build = stages.get(0);
    List<Instruction> runtime = stages.get(1);
    assertThat(build.get(0).args()).startsWith("maven:").containsIgnoringCase("temurin-17").endsWith("AS build");
    assertThat(runtime.get(0).args()).contains("-jre");

    // the build stage: every module's pom and sources, then `mvn package`
    assertThat(all(build, "RUN")).anySatisfy(r -> assertThat(r.args()).contains("mvn").contains("package"));
    for (Instruction copy : all(build, "COPY")) {
      String src = copy.args().split("\\s+")[0];
      assertThat(ROOT.resolve(src)).as("build stage copies " + src).exists();
    }
    // Maven reads every module's pom even when it builds a part: each module of the root pom is copied
    Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(Ops.read(ROOT.resolve("pom.xml")));
    List<String> copied = all(build, "COPY").stream().map(c -> c.args().split("\\s+")[0]).toList();
    while (module.find()) {
      assertThat(copied).as("the build stage copies the pom of module " + module.group(1))
        .contains(module.group(1) + "/pom.xml");
    }

    // the runtime copies exactly one thing: the jar that the shade plugin writes
    Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(Ops.read(ROOT.resolve("app/pom.xml")));
    assertThat(finalName.find()).isTrue();
    String produced = "app/target/" + finalName.group(1) + ".jar";
    assertThat(produced).isEqualTo("app/target/app-fat.jar");
    String workdir = all(build, "WORKDIR").get(0).args();
    List<Instruction> copies = all(runtime, "COPY");
    assertThat(copies).hasSize(1);
    String[] copy = copies.get(0).args().split("\\s+");
    assertThat(copy[0]).isEqualTo("--from=build");
    assertThat(copy[1]).isEqualTo(workdir + "/" + produced);
    assertThat(copy[2]).isEqualTo("/app/app-fat.jar");
    assertThat(all(runtime, "ADD")).isEmpty();
  }

  @Test
  void runsAsANonRootUserWithAHealthCheckOnLivenessAndContainerSizedJvmFlags() {
    List<Instruction> runtime = stages().get(1);
    List<Instruction> users = all(runtime, "USER");
    assertThat(users).hasSize(1);
    assertThat(users.get(0).args()).isNotIn("root", "0", "0:0");
    // the user exists with the uid the setup script gives logs/proxy to
    assertThat(all(runtime, "RUN")).anySatisfy(r -> assertThat(r.args()).contains("useradd").contains("--uid 10001"));
    assertThat(Ops.read(ROOT.resolve("scripts/load-balancer-setup.sh"))).contains("APP_UID=10001");

    List<Instruction> health = all(runtime, "HEALTHCHECK");
    assertThat(health).hasSize(1);
    assertThat(health.get(0).args()).contains("CMD").contains("/health/live").contains("MANAGEMENT_PORT:-9000");

    String env = String.join(" ", all(runtime, "ENV").stream().map(Instruction::args).toList());
    assertThat(env).contains("-XX:MaxRAMPercentage=").contains("-XX:+ExitOnOutOfMemoryError");
    assertThat(all(runtime, "EXPOSE").get(0).args().split("\\s+")).contains("80", "443", "9000");
  }

  @Test
  void theBuildContextLeavesOutTargetDirectoriesAndSecrets() {
    String ignore = Ops.read(ROOT.resolve(".dockerignore"));
    assertThat(ignore).contains("**/target/").contains(".git/").contains("docker/.env");
  }

  private static String entrypointScript() {
    Instruction ep = all(stages().get(1), "ENTRYPOINT").get(0);
    JsonArray exec = new JsonArray(ep.args());
    assertThat(exec.getString(0)).isEqualTo("sh");
    assertThat(exec.getString(1)).isEqualTo("-c");
    assertThat(exec.getString(3)).isEqualTo("--"); // $0 of the script: arguments start at $1
    return exec.getString(2);
  }

  private static Ops.Result entrypoint(Path stubDir, Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>(List.of("sh", "-c", entrypointScript(), "--"));
    cmd.addAll(List.of(args));
    Map<String, String> e = new java.util.HashMap<>(env);
    e.put("PATH", stubDir + ":" + System.getenv("PATH"));
    e.putIfAbsent("JAVA_OPTS", "-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError");
    e.putIfAbsent("JAVA_EXTRA_OPTS", "");
    return Ops.run(stubDir, e, Duration.ofSeconds(20), cmd.toArray(new String[0]));
  }

  @Test
  void theEntrypointExecsJavaWithTheOptionsTheArgumentsAndTheResolvedClusterHost(@TempDir Path dir) throws IOException {
    Path java = dir.resolve("java");
    Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do printf '[%s]\\n' \"$a\"; done\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

    // CLUSTER_HOST=auto: this machine's hostname resolved to an IPv4 address, passed as -cluster-host
    Ops.Result auto = entrypoint(dir, Map.of("CLUSTER_HOST", "auto", "JAVA_EXTRA_OPTS", "-Dx=1"), "-cluster", "-conf",
      "{\"a\": 1}").ok();
    assertThat(auto.output()).matches("(?s)\\[-XX:MaxRAMPercentage=60]\n\\[-XX:\\+ExitOnOutOfMemoryError]\n\\[-Dx=1]\n"
      + "\\[-jar]\n\\[/app/app-fat.jar]\n\\[-cluster-host]\n\\[\\d+\\.\\d+\\.\\d+\\.\\d+]\n\\[-cluster]\n\\[-conf]\n\\[\\{\"a\": 1}]\n");

    // an address is kept as it is; empty = no -cluster-host at all
    assertThat(entrypoint(dir, Map.of("CLUSTER_HOST", "10.1.2.3"), "-cluster").ok().output())
      .contains("[-cluster-host]\n[10.1.2.3]\n[-cluster]");
    assertThat(entrypoint(dir, Map.of("CLUSTER_HOST", ""), "--role", "api").ok().output())
      .doesNotContain("-cluster-host").endsWith("[/app/app-fat.jar]\n[--role]\n[api]\n");

    // a name that does not resolve stops the container with a line saying so, instead of a wrong address
    Ops.Result bad = entrypoint(dir, Map.of("CLUSTER_HOST", "no-such-host.invalid"), "-cluster");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.output()).contains("CLUSTER_HOST=no-such-host.invalid: cannot resolve");
  }
}
