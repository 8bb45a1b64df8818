package com.interview.api.auth;

import java.time.Duration;

/**
 * Token settings.
 *
 * @param algorithm  HS256 (shared {@code secret}) or RS256 / ES256 (PEM key files)
 * @param secret     HS256 secret (never logged)
 * @param privateKey PEM private key file for RS256/ES256 (signing), or "" for HS256
 * @param publicKey  PEM public key file for RS256/ES256 (verifying), or ""
 * @param accessTtl  access token lifetime
 * @param refreshTtl refresh token lifetime
 * @param revocationCapacity revocations (logged-out tokens, revoked sessions) each node keeps in memory; past it
 *                   the ones expiring soonest are dropped and requests also ask Redis until they expire
 *                   ({@link RevocationList})
 */
public record JwtConfig(String algorithm, String secret, String privateKey, String publicKey, Duration accessTtl,
                        Duration refreshTtl, int revocationCapacity) {

  public JwtConfig(String algorithm, String secret, String privateKey, String publicKey, Duration accessTtl,
                   Duration refreshTtl) {
    this(algorithm, secret, privateKey, publicKey, accessTtl, refreshTtl, RevocationList.DEFAULT_CAPACITY);
  }

  /** HS256 with {@code secret}. */
  public static JwtConfig hs256(String secret, Duration accessTtl, Duration refreshTtl) {
    return new JwtConfig("HS256", secret, "", "", accessTtl, refreshTtl);
  }

  /** The same settings with another secret. */
  public JwtConfig withSecret(String newSecret) {
    return new JwtConfig(algorithm, newSecret, privateKey, publicKey, accessTtl, refreshTtl, revocationCapacity);
  }

  /** The same settings keeping at most {@code capacity} revocations in memory. */
  public JwtConfig withRevocationCapacity(int capacity) {
    return new JwtConfig(algorithm, secret, privateKey, publicKey, accessTtl, refreshTtl, capacity);
  }

  @Override
  public String toString() {
    return "JwtConfig[algorithm=" + algorithm + ", secret=<" + secret.length() + " chars>, privateKey=" + privateKey
      + ", publicKey=" + publicKey + ", accessTtl=" + accessTtl + ", refreshTtl=" + refreshTtl
      + ", revocationCapacity=" + revocationCapacity + "]";
  }
}
