package com.interview.api.contract;

import io.vertx.core.buffer.Buffer;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/** Entity tags of answers: a digest of the body, so equal bodies share a tag on every node. */
final class ETags {

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  });

  private ETags() {
  }

  /** {@code "<first 16 bytes of SHA-256, base64url>"}. */
  static String of(Buffer body) {
    MessageDigest md = SHA256.get();
    md.reset();
    byte[] digest = md.digest(body.getBytes());
    return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16)) + "\"";
  }

  /** Whether an {@code If-None-Match} value names {@code etag} (weak comparison, {@code *} matches all). */
  static boolean matches(String ifNoneMatch, String etag) {
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.trim();
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals("*") || c.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
