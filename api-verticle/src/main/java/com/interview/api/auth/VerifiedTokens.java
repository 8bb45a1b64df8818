package com.interview.api.auth;

/**
 * The access tokens verified lately, so that a client's next requests with the same token skip its signature and
 * claims (a client sends one token for the token's whole life, {@code accessTtl}). A fixed table of {@link #SLOTS}
 * entries: a token goes into the slot of its hash, replacing whatever was there. A hit is the very string verified
 * before, compared in constant time (a probe learns nothing from how long the comparison took), that has not expired
 * since ({@code exp} with the verifier's leeway); whether it was revoked is asked on every request, apart. Entries
 * are immutable, so the event loops share the table without locks: a read racing a write sees one entry or the
 * other, whole.
 */
final class VerifiedTokens {

  /** Slots of the table (a power of two): at most this many tokens remembered, ~2 MB when full. */
  static final int SLOTS = 4096;

  private record Entry(String token, Principal principal) {
  }

  private final Entry[] slots = new Entry[SLOTS];

  /** The principal of {@code token} if it was verified and is still unexpired at {@code nowSeconds}, else null. */
  Principal get(String token, long nowSeconds) {
    Entry e = slots[slot(token)];
    if (e == null || !sameInConstantTime(e.token, token)
      || nowSeconds - AccessTokenVerifier.LEEWAY_SECONDS >= e.principal.expiresAt().getEpochSecond()) {
      return null;
    }
    return e.principal;
  }

  /** Remembers that {@code token} verified to {@code principal}. */
  void put(String token, Principal principal) {
    slots[slot(token)] = new Entry(token, principal);
  }

  private static int slot(String token) {
    int h = token.hashCode();
    return (h ^ h >>> 16) & (SLOTS - 1);
  }

  private static boolean sameInConstantTime(String a, String b) {
    if (a.length() != b.length()) {
      return false;
    }
    int diff = 0;
    for (int i = 0; i < a.length(); i++) {
      diff |= a.charAt(i) ^ b.charAt(i);
    }
    return diff == 0;
  }
}
