package com.interview.api.question;

import com.interview.api.TestApi;
import com.interview.testing.TestHttp;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link QuestionJson} writes, for rows PostgreSQL gives back, the bytes {@link QuestionRepository#toJson} encodes:
 * escapes, non-ASCII text, empty and odd tags, timestamps of every precision.
 */
class QuestionJsonTest {

  private static TestApi api;

  @BeforeAll
  static void start() {
    api = TestApi.start();
    api.reset();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static void insert(String title, String body, String category, String[] tags, String createdAt) {
    TestHttp.await(api.pool().preparedQuery("INSERT INTO questions (title, body, category, difficulty, tags, created_at, "
        + "updated_at) VALUES ($1, $2, $3, 'hard', $4, $5, now())")
      .execute(Tuple.of(title, body, category, tags, OffsetDateTime.parse(createdAt))));
  }

  @Test
  void theSameBytesAsTheJsonObjectOfTheRow() {
    insert("Quotes \" and \\ backslashes", "line\nbreak\ttab \u0001 control, </script>", "général",
      new String[] {}, "2026-12-06T02:16:05Z");
    insert("Ünïcödé ✓ and an emoji 🚀", "", "x", new String[] {"a,b", "\"quoted\"", "{braces}", "日本"},
      "2026-12-06T02:16:05.1Z");
    insert("Fractions", "b", "c", new String[] {"one"}, "1999-01-31T23:59:59.123456Z");
    insert("Offset", "b", "c", new String[] {"NULL", ""}, "2026-06-01T12:00:00.000001+02:00");
    RowSet<Row> rows = TestHttp.await(api.pool().query("SELECT " + QuestionRepository.COLUMNS + " FROM questions").execute());
    assertThat(rows.size()).isEqualTo(4);
    for (Row row : rows) {
      assertThat(QuestionJson.write(row).toString()).isEqualTo(QuestionRepository.toJson(row).toBuffer().toString());
    }
  }
}
