package com.interview.api.auth;

import com.interview.api.TestApi;
import com.interview.testing.TestHttp.Reply;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account lockout tells nobody whether an account exists: an unknown email and a known one, both sent wrong
 * passwords in turn, get the same statuses, bodies and headers, attempt by attempt, and lock after the same count.
 */
class LoginLockoutTest {

  /** Headers that differ between any two answers (time, request id). */
  private static final Set<String> PER_ANSWER = Set.of("date", "x-request-id", "content-length");

  private static TestApi api;

  @BeforeAll
  static void start() {
    api = TestApi.start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @BeforeEach
  void reset() {
    api.reset();
  }

  private static Reply login(String email, String password) {
    return api.call(HttpMethod.POST, "/api/auth/login", null, new JsonObject().put("email", email).put("password", password));
  }

  @Test
  void unknownAndKnownEmailsLockAlikeAfterTheSameCountWithTheSameAnswers() {
    String known = "known@example.com";
    String unknown = "unknown@example.com";
    api.register(known);
    String wrong = "a wrong password, long enough";
    for (int attempt = 1; attempt <= LoginThrottle.MAX_FAILURES + 2; attempt++) {
      Reply k = login(known, wrong);
      Reply u = login(unknown, wrong);
      String step = "attempt " + attempt;
      int expected = attempt <= LoginThrottle.MAX_FAILURES ? 401 : 429;
      assertThat(k.status()).as(step + " known: " + k.text()).isEqualTo(expected);
      assertThat(u.status()).as(step + " unknown: " + u.text()).isEqualTo(expected);
      assertThat(normalised(u.text())).as(step).isEqualTo(normalised(k.text()));
      assertThat(headerNames(u)).as(step).isEqualTo(headerNames(k));
      for (String name : headerNames(k)) {
        if (!name.equals("retry-after")) {
          assertThat(u.headers().getAll(name)).as(step + " " + name).isEqualTo(k.headers().getAll(name));
        }
      }
      if (expected == 429) {
        assertThat(Math.abs(Long.parseLong(u.header("Retry-After")) - Long.parseLong(k.header("Retry-After"))))
          .as(step + " Retry-After").isLessThanOrEqualTo(1);
      }
    }
    // the right password of the known account is locked out too, with the answer an unknown email gets
    Reply right = login(known, TestApi.PASSWORD);
    Reply none = login(unknown, TestApi.PASSWORD);
    assertThat(right.status()).isEqualTo(429);
    assertThat(normalised(none.text())).isEqualTo(normalised(right.text()));
  }

  /** The body with its counts of seconds blurred (two locks set a millisecond apart may round differently). */
  private static String normalised(String body) {
    return body.replaceAll("\\d+ s\\b", "N s");
  }

  private static Set<String> headerNames(Reply r) {
    Set<String> names = new TreeSet<>();
    r.headers().names().forEach(n -> names.add(n.toLowerCase(java.util.Locale.ROOT)));
    names.removeAll(PER_ANSWER);
    return names;
  }
}
