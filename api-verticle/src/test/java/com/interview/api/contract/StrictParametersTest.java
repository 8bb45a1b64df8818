package com.interview.api.contract;

import com.interview.api.TestApi;
import com.interview.api.TestApi.User;
import com.interview.testing.TestHttp.Reply;
import io.vertx.json.schema.common.dsl.SchemaType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Integer and enum query parameters are read in their one written form; any other is 400 validation_failed. */
class StrictParametersTest {

  private static TestApi api;
  private static User admin;

  @BeforeAll
  static void start() {
    api = TestApi.start();
    api.reset();
    admin = api.admin();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static Reply get(String path, String name, String value) {
    return api.get(path + "?" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8), admin.accessToken());
  }

  private static void assertRefused(String path, String name, String value) {
    Reply r = get(path, name, value);
    assertThat(r.status()).as(name + "=" + value + ": " + r.text()).isEqualTo(400);
    assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(r.json().getString("code")).isEqualTo("validation_failed");
  }

  @Test
  void integersInAnyOtherFormThanPlainDigitsAre400() {
    for (String bad : List.of("1;SELECT 1", "1 ", " 1", "+1", "0x10", "1e3", "1E1", "01", "1.0", "1.5", "١", "", "1,2",
      "\"1\"", "99999999999999999999")) {
      assertRefused("/api/questions", "limit", bad);
      assertRefused("/api/interviews", "limit", bad);
    }
    assertThat(get("/api/questions", "limit", "5").status()).isEqualTo(200);
    assertThat(get("/api/interviews", "limit", "100").status()).isEqualTo(200);
    assertRefused("/api/questions", "limit", "0"); // plain, but below the minimum
  }

  @Test
  void enumsAreTheirExactValue() {
    for (String bad : List.of("expert", "easy;x", "easy ", "EASY", "\"easy\"", "easy\u0000")) {
      assertRefused("/api/questions", "difficulty", bad);
    }
    for (String bad : List.of("done", "scheduled;DROP TABLE interviews", "\"scheduled\"", "scheduled%")) {
      assertRefused("/api/interviews", "status", bad);
    }
    assertThat(get("/api/questions", "difficulty", "easy").status()).isEqualTo(200);
    assertThat(get("/api/interviews", "status", "scheduled").status()).isEqualTo(200);
  }

  @Test
  void stringsStayStringsWhateverTheyLookLike() {
    assertThat(get("/api/questions", "tag", "1.5").status()).isEqualTo(200);
    assertThat(get("/api/questions", "q", "\"linked list\"").status()).isEqualTo(200);
  }

  @Test
  void theWrittenFormsOfEachType() {
    assertThat(StrictParameters.plain(SchemaType.INTEGER, "-12")).isTrue();
    assertThat(StrictParameters.plain(SchemaType.INTEGER, "0")).isTrue();
    assertThat(StrictParameters.plain(SchemaType.INTEGER, "-0")).isTrue();
    assertThat(StrictParameters.plain(SchemaType.INTEGER, "12a")).isFalse();
    assertThat(StrictParameters.plain(SchemaType.NUMBER, "1.25")).isTrue();
    assertThat(StrictParameters.plain(SchemaType.NUMBER, "1.")).isFalse();
    assertThat(StrictParameters.plain(SchemaType.NUMBER, ".5")).isFalse();
    assertThat(StrictParameters.plain(SchemaType.BOOLEAN, "true")).isTrue();
    assertThat(StrictParameters.plain(SchemaType.BOOLEAN, "1")).isFalse();
  }
}
