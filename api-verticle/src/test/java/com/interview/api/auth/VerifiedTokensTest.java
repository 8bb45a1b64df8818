package com.interview.api.auth;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link VerifiedTokens}: the very token verified before, until it expires, and nothing else. */
class VerifiedTokensTest {

  private static final long NOW = 1_800_000_000L;

  private static Principal expiringAt(long exp) {
    return new Principal(UUID.randomUUID(), "candidate", "j", "f", Instant.ofEpochSecond(exp));
  }

  @Test
  void aVerifiedTokenIsKnownUntilItExpiresWithTheLeeway() {
    VerifiedTokens tokens = new VerifiedTokens();
    Principal p = expiringAt(NOW + 60);
    tokens.put("header.claims.signature", p);
    assertThat(tokens.get("header.claims.signature", NOW)).isSameAs(p);
    assertThat(tokens.get(new String("header.claims.signature".toCharArray()), NOW + 64)).as("another string, equal")
      .isSameAs(p);
    assertThat(tokens.get("header.claims.signature", NOW + 65)).as("expired past the leeway").isNull();
  }

  @Test
  void anotherTokenIsNotKnownEvenInTheSameSlot() {
    VerifiedTokens tokens = new VerifiedTokens();
    tokens.put("header.claims.signature", expiringAt(NOW + 60));
    assertThat(tokens.get("header.claims.signaturf", NOW)).as("one character changed").isNull();
    assertThat(tokens.get("header.claims.signatur", NOW)).as("shorter").isNull();
    assertThat(tokens.get("header.claims.signature2", NOW)).as("longer").isNull();
    // "Aa" and "BB" have the same hash: the second replaces the first in its slot
    Principal first = expiringAt(NOW + 60);
    Principal second = expiringAt(NOW + 60);
    tokens.put("x.y.Aa", first);
    assertThat(tokens.get("x.y.BB", NOW)).as("the same slot, another token").isNull();
    tokens.put("x.y.BB", second);
    assertThat(tokens.get("x.y.BB", NOW)).isSameAs(second);
    assertThat(tokens.get("x.y.Aa", NOW)).as("replaced").isNull();
  }
}
