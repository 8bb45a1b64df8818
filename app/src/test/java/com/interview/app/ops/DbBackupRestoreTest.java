package com.interview.app.ops;

import com.interview.api.db.Migrations;
import com.interview.app.TestNode;
import com.interview.testing.TestHttp;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * scripts/db-backup.sh and scripts/db-restore.sh on the test database, without Docker: dump it, change it, restore
 * the dump, find the database as it was. The restore runs in one transaction, so even a failing one would leave the
 * test database as it was.
 */
class DbBackupRestoreTest {

  private static final Path ROOT = Ops.root();
  private static final String DB = TestNode.DATABASE_URL;

  @BeforeAll
  static void schema() {
    Ops.requireTool("pg_dump", "postgresql-client");
    Ops.requireTool("psql", "postgresql-client");
    TestNode.ensureDatabase();
    Vertx vertx = Vertx.vertx();
    try {
      TestHttp.await(Migrations.migrate(vertx, PgConnectOptions.fromUri(DB)));
    } finally {
      TestHttp.await(vertx.close());
    }
  }

  private static String sql(String statement) {
    return Ops.run(ROOT, Map.of(), Duration.ofSeconds(60), "psql", "--dbname=" + DB, "-qAtX", "-v", "ON_ERROR_STOP=1",
      "-c", statement).ok().output().strip();
  }

  private static Ops.Result script(String name, Map<String, String> env, String... args) {
    String[] cmd = new String[args.length + 2];
    cmd[0] = "bash";
    cmd[1] = "scripts/" + name;
    System.arraycopy(args, 0, cmd, 2, args.length);
    Map<String, String> e = new java.util.HashMap<>(env);
    e.put("DATABASE_URL", DB);
    return Ops.run(ROOT, e, Duration.ofMinutes(3), cmd);
  }

  private static String dbName() {
    String path = java.net.URI.create(DB).getPath();
    return path.substring(1);
  }

  @Test
  void aDumpRestoredOverAChangedDatabaseBringsBackWhatWasDumped(@TempDir Path backups) throws IOException {
    String marker = "backup-marker-" + UUID.randomUUID();
    String later = "after-the-backup-" + UUID.randomUUID();
    sql("INSERT INTO questions (title, body, difficulty, tags) VALUES ('" + marker + "', 'body', 'easy', '{ops}')");
    String version = sql("SELECT max(version) FROM flyway_schema_history WHERE success");
    String questions = sql("SELECT count(*) FROM questions");
    String users = sql("SELECT count(*) FROM users");

    // retention: a dump older than BACKUP_KEEP_DAYS goes, a recent one stays
    Path old = Files.writeString(backups.resolve(dbName() + "-20200101T000000Z.dump"), "old");
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(10, ChronoUnit.DAYS)));
    Path recent = Files.writeString(backups.resolve(dbName() + "-20200102T000000Z.dump"), "recent");
    Files.setLastModifiedTime(recent, FileTime.from(Instant.now().minus(2, ChronoUnit.DAYS)));

    Ops.Result backup = script("db-backup.sh", Map.of("BACKUP_DIR", backups.toString(), "BACKUP_KEEP_DAYS", "7")).ok();
    List<String> lines = backup.output().strip().lines().toList();
    Path dump = Path.of(lines.get(lines.size() - 1));
    assertThat(dump.getParent()).isEqualTo(backups);
    assertThat(dump.getFileName().toString()).matches(java.util.regex.Pattern.quote(dbName()) + "-\\d{8}T\\d{6}Z\\.dump");
    assertThat(Files.size(dump)).isGreaterThan(1000);
    assertThat(old).doesNotExist();
    assertThat(recent).exists();
    assertThat(backup.output()).doesNotContain(":postgres@"); // the password is masked in messages
    try (var s = Files.list(backups)) {
      assertThat(s.filter(p -> p.toString().endsWith(".partial"))).isEmpty();
    }

    // the database changes after the backup: a row gone, a row added, a table dropped
    sql("DELETE FROM questions WHERE title = '" + marker + "'");
    sql("INSERT INTO questions (title, body, difficulty, tags) VALUES ('" + later + "', 'body', 'hard', '{ops}')");
    sql("DROP TABLE feedback CASCADE");

    // no terminal and no --yes: refused, nothing changed
    Ops.Result refused = script("db-restore.sh", Map.of(), dump.toString());
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.output()).contains("pass --yes");
    assertThat(sql("SELECT to_regclass('public.feedback') IS NULL")).isEqualTo("t");

    Ops.Result restore = script("db-restore.sh", Map.of("BACKUP_DIR", backups.toString()), "--yes", "latest").ok();
    assertThat(restore.output()).contains("restored " + dbName()).contains("schema version " + version);

    assertThat(sql("SELECT count(*) FROM questions WHERE title = '" + marker + "'")).isEqualTo("1");
    assertThat(sql("SELECT count(*) FROM questions WHERE title = '" + later + "'")).isEqualTo("0");
    assertThat(sql("SELECT count(*) FROM questions")).isEqualTo(questions);
    assertThat(sql("SELECT count(*) FROM users")).isEqualTo(users);
    assertThat(sql("SELECT to_regclass('public.feedback') IS NOT NULL")).isEqualTo("t");
    assertThat(sql("SELECT max(version) FROM flyway_schema_history WHERE success")).isEqualTo(version);
    // the exclusion constraint (btree_gist) that prevents double bookings is back too
    assertThat(sql("SELECT count(*) FROM pg_constraint WHERE contype = 'x'")).isNotEqualTo("0");

    sql("DELETE FROM questions WHERE title = '" + marker + "'");
  }

  @Test
  void theScheduledModeDumpsAtEachTurnAndStopsCleanlyOnSigterm(@TempDir Path backups) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", "scripts/db-backup.sh", "--every", "1").directory(ROOT.toFile())
      .redirectErrorStream(true).redirectOutput(backups.resolve("loop.log").toFile());
    pb.environment().putAll(Map.of("DATABASE_URL", DB, "BACKUP_DIR", backups.resolve("dumps").toString()));
    Process loop = pb.start();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      long dumps = 0;
      while (System.nanoTime() < deadline && dumps < 2) {
        Ops.sleep(200);
        if (Files.isDirectory(backups.resolve("dumps"))) {
          try (var s = Files.list(backups.resolve("dumps"))) {
            dumps = s.filter(p -> p.toString().endsWith(".dump")).count();
          }
        }
      }
      assertThat(dumps).as("dumps written by the loop:\n" + Files.readString(backups.resolve("loop.log"))).isGreaterThanOrEqualTo(2);
      loop.toHandle().destroy(); // SIGTERM, as docker stop
      assertThat(loop.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(loop.exitValue()).isZero();
      assertThat(Files.readString(backups.resolve("loop.log"))).contains("stopping");
    } finally {
      loop.descendants().forEach(ProcessHandle::destroyForcibly);
      loop.destroyForcibly();
    }
  }
}
