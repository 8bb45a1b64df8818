package com.interview.app.ops;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compose files, validated without a Docker engine: `docker-compose config` (Debian's docker-compose, installed
 * when missing) must accept every file, with and without the `backup` profile and the .env example, and the
 * resolved configuration must say what the deployment needs (roles, cluster wiring, limits, volumes, secrets).
 */
class ComposeFilesTest {

  private static final Path ROOT = Ops.root();
  private static final Path DOCKER = ROOT.resolve("docker");
  private static final List<String> FILES = List.of("docker-compose.yml", "docker-compose.lb.yml",
    "docker-compose.scale.yml", "docker-compose.http.yml");
  /** Variables the compose files read: unset, so the documented development defaults apply (unless a test sets them). */
  private static final List<String> VARIABLES = List.of("APP_ENV", "DB_PASSWORD", "JWT_SECRET", "ADMIN_TOKEN",
    "GRAFANA_ADMIN_PASSWORD", "HTTP_PORT", "HTTPS_PORT", "PROMETHEUS_PORT", "PROMETHEUS_BIND", "GRAFANA_PORT", "BACKUP_INTERVAL",
    "BACKUP_KEEP_DAYS", "PROMETHEUS_RETENTION", "APP_VERSION", "COMPOSE_FILE", "COMPOSE_PROFILES", "COMPOSE_PROJECT_NAME");

  @BeforeAll
  static void tool() {
    Ops.requireTool("docker-compose", "docker-compose");
  }

  private static Ops.Result compose(Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>(List.of("env"));
    VARIABLES.forEach(v -> cmd.add("--unset=" + v));
    env.forEach((k, v) -> cmd.add(k + "=" + v));
    cmd.add("docker-compose");
    cmd.addAll(List.of(args));
    return Ops.run(DOCKER, Map.of(), Duration.ofMinutes(2), cmd.toArray(new String[0]));
  }

  /** `docker-compose -f FILE config` → the resolved configuration as YAML (all services, profiles included). */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> config(String file, Map<String, String> env) {
    Ops.Result r = compose(env, "-f", file, "config").ok();
    return Ops.yaml(r.output());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> service(Map<String, Object> config, String name) {
    Map<String, Object> services = (Map<String, Object>) config.get("services");
    assertThat(services).as("services").containsKey(name);
    return (Map<String, Object>) services.get(name);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> env(Map<String, Object> service) {
    Map<String, String> env = new HashMap<>();
    ((Map<String, Object>) service.get("environment")).forEach((k, v) -> env.put(k, v == null ? "" : v.toString()));
    return env;
  }

  @SuppressWarnings("unchecked")
  private static List<String> list(Map<String, Object> service, String key) {
    Object v = service.get(key);
    return v == null ? List.of() : ((List<Object>) v).stream().map(String::valueOf).toList();
  }

  /** Published ports as "[host_ip:]published:target" (docker-compose prints them as maps). */
  @SuppressWarnings("unchecked")
  private static List<String> ports(Map<String, Object> service) {
    Object v = service.get("ports");
    if (v == null) {
      return List.of();
    }
    return ((List<Object>) v).stream().map(p -> p instanceof Map<?, ?> m
      ? (m.get("host_ip") == null ? "" : m.get("host_ip") + ":") + m.get("published") + ":" + m.get("target")
      : String.valueOf(p)).toList();
  }

  @SuppressWarnings("unchecked")
  private static Object at(Map<String, Object> map, String... path) {
    Object cur = map;
    for (String p : path) {
      if (!(cur instanceof Map)) {
        return null;
      }
      cur = ((Map<String, Object>) cur).get(p);
    }
    return cur;
  }

  private static long seconds(Object duration) {
    Matcher m = Pattern.compile("(?:(\\d+)m)?(?:(\\d+)s)?").matcher(String.valueOf(duration));
    assertThat(m.matches()).as("duration " + duration).isTrue();
    return (m.group(1) == null ? 0 : Long.parseLong(m.group(1)) * 60) + (m.group(2) == null ? 0 : Long.parseLong(m.group(2)));
  }

  @Test
  void everyComposeFileIsValidWithAndWithoutTheBackupProfileAndTheEnvExample() {
    for (String file : FILES) {
      compose(Map.of(), "-f", file, "config", "-q").ok();
      compose(Map.of(), "--profile", "backup", "-f", file, "config", "-q").ok();
      compose(Map.of(), "--env-file", ".env.example", "-f", file, "config", "-q").ok();
      List<String> services = List.of(compose(Map.of(), "--profile", "backup", "-f", file, "config", "--services").ok()
        .output().strip().split("\\s+"));
      assertThat(services).as(file).contains("proxy", "postgres", "redis", "prometheus", "grafana", "db-backup");
    }
  }

  @Test
  void theDefaultFileIsTheLoadBalancedLayout() {
    assertThat(compose(Map.of(), "-f", "docker-compose.yml", "config").ok().output())
      .isEqualTo(compose(Map.of(), "-f", "docker-compose.lb.yml", "config").ok().output());
  }

  @Test
  void loadBalancedLayoutIsOneClusterOfAProxyAndThreeApiNodes() {
    Map<String, Object> c = config("docker-compose.lb.yml", Map.of());
    Map<String, Object> proxy = service(c, "proxy");
    assertThat(env(proxy)).containsEntry("APP_ROLE", "proxy").containsEntry("CLUSTER_HOST", "auto")
      .containsEntry("CLUSTER_MEMBERS", "proxy,app1,app2,app3");
    assertThat(list(proxy, "command")).containsExactly("-cluster", "-conf", "/app/conf/proxy.yaml");
    assertThat(ports(proxy)).anySatisfy(p -> assertThat(p).endsWith(":80"))
      .anySatisfy(p -> assertThat(p).endsWith(":443"));
    assertThat(list(proxy, "volumes")).anySatisfy(v -> assertThat(v).endsWith("/logs/proxy:/app/logs:rw"))
      .anySatisfy(v -> assertThat(v).startsWith("uploads:/app/uploads"))
      .anySatisfy(v -> assertThat(v).endsWith("/ssl:/app/ssl:ro"));
    // the error log: the proxy's JUL configuration adds logs/error.log
    assertThat(env(proxy).get("JAVA_EXTRA_OPTS")).contains("logging-proxy.properties");

    long drain = seconds(at(Ops.yaml(ROOT.resolve("conf/app.yaml")), "proxy", "shutdownTimeout"))
      + seconds(at(Ops.yaml(ROOT.resolve("conf/app.yaml")), "api", "shutdownTimeout"));
    for (String name : List.of("proxy", "app1", "app2", "app3")) {
      Map<String, Object> s = service(c, name);
      assertThat(seconds(s.get("stop_grace_period"))).as(name + " stop_grace_period vs the drain").isGreaterThan(drain);
      assertThat(at(s, "deploy", "resources", "limits", "memory")).isEqualTo("512M");
      assertThat(at(s, "deploy", "resources", "reservations", "memory")).isEqualTo("256M");
      assertThat(String.valueOf(at(s, "sysctls", "net.ipv4.ip_unprivileged_port_start"))).isEqualTo("0");
      assertThat(at(s, "networks")).isEqualTo(Map.of("backend", Map.of()));
      assertThat(String.valueOf(at(s, "healthcheck", "test"))).contains("/health/live");
      assertThat(at(s, "build", "dockerfile")).isEqualTo("docker/Dockerfile");
    }
    for (String name : List.of("app1", "app2", "app3")) {
      Map<String, Object> app = service(c, name);
      assertThat(env(app)).containsEntry("APP_ROLE", "api").containsEntry("CLUSTER_HOST", "auto")
        .containsEntry("CLUSTER_MEMBERS", "proxy,app1,app2,app3")
        .containsEntry("DATABASE_URL", "postgresql://interview:postgres@postgres:5432/interview_db")
        .containsEntry("REDIS_URL", "redis://redis:6379");
      assertThat(list(app, "command")).containsExactly("-cluster");
      assertThat(app.get("hostname")).isEqualTo(name);
      assertThat(app).doesNotContainKey("ports");
      assertThat(list(app, "volumes")).anySatisfy(v -> assertThat(v).startsWith("uploads:/app/uploads"));
      assertThat(at(app, "depends_on", "postgres", "condition")).isEqualTo("service_healthy");
      assertThat(at(app, "depends_on", "redis", "condition")).isEqualTo("service_healthy");
    }

    Map<String, Object> pg = service(c, "postgres");
    assertThat(pg.get("image")).isEqualTo("postgres:15");
    assertThat(list(pg, "volumes")).anySatisfy(v -> assertThat(v).startsWith("pg-data:/var/lib/postgresql/data"));
    assertThat(String.valueOf(at(pg, "healthcheck", "test"))).contains("pg_isready");
    assertThat(String.valueOf(service(c, "redis").get("image"))).startsWith("redis:7");
    assertThat(ports(service(c, "prometheus"))).anySatisfy(p -> assertThat(p).startsWith("127.0.0.1:9090:9090"));
    assertThat(list(service(c, "prometheus"), "volumes"))
      .anySatisfy(v -> assertThat(v).endsWith("/monitoring/prometheus.yml:/etc/prometheus/prometheus.yml:ro"));

    Map<String, Object> grafana = service(c, "grafana");
    assertThat(ports(grafana)).anySatisfy(p -> assertThat(p).endsWith("3001:3000"));
    assertThat(env(grafana)).containsEntry("GF_AUTH_ANONYMOUS_ENABLED", "false")
      .containsEntry("GF_SECURITY_ADMIN_PASSWORD", "admin-dev-only");
    assertThat(list(grafana, "volumes"))
      .anySatisfy(v -> assertThat(v).endsWith("/monitoring/grafana/datasources:/etc/grafana/provisioning/datasources:ro"))
      .anySatisfy(v -> assertThat(v).endsWith("/monitoring/grafana/dashboards:/etc/grafana/provisioning/dashboards:ro"));

    Map<String, Object> backup = service(c, "db-backup");
    assertThat(list(backup, "profiles")).containsExactly("backup");
    assertThat(list(backup, "entrypoint")).containsExactly("bash", "/usr/local/bin/db-backup.sh", "--every", "86400");
    assertThat(env(backup)).containsEntry("BACKUP_KEEP_DAYS", "7").containsEntry("BACKUP_DIR", "/backups");
    assertThat(list(backup, "volumes")).anySatisfy(v -> assertThat(v).startsWith("db-backups:/backups"));

    assertThat(at(c, "volumes")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
      .containsKeys("pg-data", "uploads", "db-backups", "prometheus-data", "grafana-data");
  }

  @Test
  void everyFileMountedFromTheRepositoryExists() {
    for (String file : FILES) {
      Map<String, Object> c = config(file, Map.of());
      @SuppressWarnings("unchecked")
      Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) c.get("services");
      services.forEach((name, s) -> {
        for (String v : list(s, "volumes")) {
          String source = v.substring(0, v.indexOf(':'));
          if (!source.startsWith("/")) {
            continue; // a named volume
          }
          Path p = Path.of(source);
          if (p.startsWith(ROOT.resolve("logs")) || p.startsWith(ROOT.resolve("ssl"))) {
            continue; // made by `load-balancer-setup.sh setup`
          }
          assertThat(p).as(file + " " + name + " mounts " + source).exists();
        }
      });
    }
    assertThat(Files.isSymbolicLink(DOCKER.resolve("docker-compose.yml"))).isTrue();
  }

  @Test
  void scaledLayoutHasOneReplicatedAppServiceThatJoinsThroughTheProxy() {
    Map<String, Object> c = config("docker-compose.scale.yml", Map.of());
    Map<String, Object> app = service(c, "app");
    assertThat(at(app, "deploy", "replicas")).isEqualTo(3);
    assertThat(at(app, "deploy", "resources", "limits", "memory")).isEqualTo("512M");
    assertThat(app).doesNotContainKeys("hostname", "container_name", "ports"); // any number of replicas
    assertThat(env(app)).containsEntry("CLUSTER_MEMBERS", "proxy,app").containsEntry("CLUSTER_HOST", "auto");
    assertThat(env(service(c, "proxy"))).containsEntry("CLUSTER_MEMBERS", "proxy,app");
    assertThat(at(app, "depends_on", "proxy", "condition")).isEqualTo("service_started");
    assertThat(c.get("services")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
      .doesNotContainKeys("app1", "app2", "app3");
    assertThat(list(service(c, "prometheus"), "volumes"))
      .anySatisfy(v -> assertThat(v).endsWith("/monitoring/prometheus.scaled.yml:/etc/prometheus/prometheus.yml:ro"))
      .noneSatisfy(v -> assertThat(v).endsWith("/monitoring/prometheus.yml:/etc/prometheus/prometheus.yml:ro"));
  }

  @Test
  void httpVariantBalancesOverTheApiPortsWithoutACluster() {
    Map<String, Object> c = config("docker-compose.http.yml", Map.of());
    Map<String, Object> proxy = service(c, "proxy");
    assertThat(env(proxy)).containsEntry("PROXY_UPSTREAMS", "http://app1:3000,http://app2:3000,http://app3:3000")
      .containsEntry("CLUSTER_HOST", "");
    assertThat(list(proxy, "command")).containsExactly("-conf", "/app/conf/proxy-http.yaml");
    for (String name : List.of("app1", "app2", "app3")) {
      assertThat(list(service(c, name), "command")).doesNotContain("-cluster");
      assertThat(env(service(c, name))).containsEntry("APP_ROLE", "api").containsEntry("PORT", "3000");
    }
  }

  @Test
  void secretsComeFromTheEnvironmentOrTheEnvFile() {
    Map<String, String> secrets = Map.of("JWT_SECRET", "a-real-secret-of-more-than-thirty-two-bytes",
      "DB_PASSWORD", "s3cret", "ADMIN_TOKEN", "admin-token", "GRAFANA_ADMIN_PASSWORD", "graf", "APP_ENV", "production");
    for (String file : FILES) {
      Map<String, Object> c = config(file, secrets);
      @SuppressWarnings("unchecked")
      Map<String, Object> services = (Map<String, Object>) c.get("services");
      for (String name : services.keySet()) {
        if (!name.equals("proxy") && !name.startsWith("app")) {
          continue;
        }
        assertThat(env(service(c, name))).as(file + " " + name)
          .containsEntry("JWT_SECRET", "a-real-secret-of-more-than-thirty-two-bytes")
          .containsEntry("DATABASE_URL", "postgresql://interview:s3cret@postgres:5432/interview_db")
          .containsEntry("ADMIN_TOKEN", "admin-token").containsEntry("APP_ENV", "production");
      }
      assertThat(env(service(c, "postgres"))).containsEntry("POSTGRES_PASSWORD", "s3cret");
      assertThat(env(service(c, "db-backup")).get("DATABASE_URL")).contains(":s3cret@postgres:5432/");
      assertThat(env(service(c, "grafana"))).containsEntry("GF_SECURITY_ADMIN_PASSWORD", "graf");
    }
    // the example .env names every variable the compose files read
    String example = Ops.read(DOCKER.resolve(".env.example"));
    for (String v : VARIABLES.subList(0, 14)) {
      assertThat(example).as(".env.example documents " + v).containsPattern("(?m)^" + v + "=");
    }
  }

  @Test
  void theHeapFitsTheContainerLimit() {
    String dockerfile = Ops.read(ROOT.resolve("docker/Dockerfile"));
    Matcher pct = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)").matcher(dockerfile);
    Matcher direct = Pattern.compile("-XX:MaxDirectMemorySize=(\\d+)m").matcher(dockerfile);
    assertThat(pct.find()).isTrue();
    assertThat(direct.find()).isTrue();
    double heapMb = 512 * Integer.parseInt(pct.group(1)) / 100.0;
    // heap + direct buffers leave at least ~120 MB of the 512M limit for metaspace, code cache, threads and GC
    assertThat(heapMb + Integer.parseInt(direct.group(1))).isLessThanOrEqualTo(512 - 120);
    assertThat(heapMb).isGreaterThanOrEqualTo(256);
  }
}
