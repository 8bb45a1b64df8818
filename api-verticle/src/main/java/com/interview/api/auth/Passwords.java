package com.interview.api.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Argon2id password hashes (BouncyCastle), in the PHC string format
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} with a random 16-byte salt per password — OWASP's
 * recommended parameters. Hashing takes tens of milliseconds and ~19 MiB: it runs on a small dedicated worker
 * pool, never on an event loop, and the pool size bounds the memory it can take.
 */
public final class Passwords {

  static final int MEMORY_KIB = 19 * 1024;
  static final int ITERATIONS = 2;
  static final int PARALLELISM = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final WorkerExecutor workers;
  private final SecureRandom random = new SecureRandom();

  public Passwords(Vertx vertx) {
    this.workers = vertx.createSharedWorkerExecutor("password-hashing", Math.max(2, Runtime.getRuntime().availableProcessors()));
  }

  /** The PHC string of {@code password} with a fresh salt. */
  public Future<String> hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return workers.executeBlocking(() -> encode(salt, derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM)), false);
  }

  /** Whether {@code password} matches {@code encoded} (false for anything that is not an Argon2id PHC string). */
  public Future<Boolean> verify(String password, String encoded) {
    return workers.executeBlocking(() -> matches(password, encoded), false);
  }

  static boolean matches(String password, String encoded) {
    String[] parts = encoded.split("\\$");
    // ["", "argon2id", "v=19", "m=...,t=...,p=...", salt, hash]
    if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
      return false;
    }
    int m = 0;
    int t = 0;
    int p = 0;
    for (String kv : parts[3].split(",")) {
      String[] pair = kv.split("=");
      if (pair.length != 2) {
        return false;
      }
      int v = Integer.parseInt(pair[1]);
      switch (pair[0]) {
        case "m" -> m = v;
        case "t" -> t = v;
        case "p" -> p = v;
        default -> {
          return false;
        }
      }
    }
    byte[] salt = B64D.decode(parts[4]);
    byte[] expected = B64D.decode(parts[5]);
    byte[] actual = derive(password, salt, m, t, p, expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  private static byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int parallelism) {
    return derive(password, salt, memoryKib, iterations, parallelism, HASH_BYTES);
  }

  private static byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
      .withVersion(Argon2Parameters.ARGON2_VERSION_13)
      .withMemoryAsKB(memoryKib).withIterations(iterations).withParallelism(parallelism).withSalt(salt).build());
    byte[] out = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }

  private static String encode(byte[] salt, byte[] hash) {
    return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$" + B64.encodeToString(salt)
      + "$" + B64.encodeToString(hash);
  }
}
