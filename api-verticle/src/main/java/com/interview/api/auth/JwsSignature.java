package com.interview.api.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The signature check of one JWS algorithm and key (RFC 7518 §3): HS256 (HMAC-SHA256 with the shared secret's UTF-8
 * bytes), RS256 (RSASSA-PKCS1-v1_5 with SHA-256) or ES256 (ECDSA P-256 with SHA-256, the signature as R ‖ S).
 * Callable from any thread: each thread keeps its own JDK {@link Mac} or {@link Signature}, initialised with the key
 * once, so event loops never wait for one another (vertx-auth-jwt shares one per key under a lock).
 */
public final class JwsSignature {

  private final String algorithm;
  private final ThreadLocal<Mac> mac;
  private final ThreadLocal<Signature> signature;
  private final int length;

  private JwsSignature(String algorithm, ThreadLocal<Mac> mac, ThreadLocal<Signature> signature, int length) {
    this.algorithm = algorithm;
    this.mac = mac;
    this.signature = signature;
    this.length = length;
  }

  /** HS256 keyed with {@code secret}'s UTF-8 bytes (as the tokens are signed). */
  public static JwsSignature hs256(String secret) {
    SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    ThreadLocal<Mac> mac = ThreadLocal.withInitial(() -> {
      try {
        Mac m = Mac.getInstance("HmacSHA256");
        m.init(key);
        return m;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256: " + e.getMessage(), e);
      }
    });
    mac.get(); // a bad key fails here, at start, not on the first request
    return new JwsSignature("HS256", mac, null, 32);
  }

  /** RS256 or ES256 with {@code key}. */
  public static JwsSignature publicKey(String algorithm, PublicKey key) {
    String jdkName = switch (algorithm) {
      case "RS256" -> "SHA256withRSA";
      case "ES256" -> "SHA256withECDSAinP1363Format"; // JWS carries R ‖ S, not DER
      default -> throw new IllegalArgumentException("algorithm: " + algorithm + " (expected: RS256 or ES256)");
    };
    ThreadLocal<Signature> signature = ThreadLocal.withInitial(() -> {
      try {
        Signature s = Signature.getInstance(jdkName);
        s.initVerify(key);
        return s;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(algorithm + " with the configured public key: " + e.getMessage(), e);
      }
    });
    signature.get();
    return new JwsSignature(algorithm, null, signature, algorithm.equals("ES256") ? 64 : -1);
  }

  /** The check {@code config} configures: its secret, or the public key of its PEM file. */
  public static JwsSignature of(JwtConfig config) {
    if (config.algorithm().equals("HS256")) {
      return hs256(config.secret());
    }
    String kind = config.algorithm().equals("RS256") ? "RSA" : "EC";
    try {
      return publicKey(config.algorithm(), KeyFactory.getInstance(kind).generatePublic(new X509EncodedKeySpec(
        pem(Files.readString(Path.of(config.publicKey())), config.publicKey()))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("api.jwt.publicKey: " + config.publicKey() + " is no " + kind
        + " public key (expected: PEM 'PUBLIC KEY', X.509): " + e.getMessage(), e);
    }
  }

  /** The algorithm's JWS name ({@code alg}). */
  public String algorithm() {
    return algorithm;
  }

  /** Whether {@code signature} signs {@code signingInput} (compared in constant time for HS256). */
  public boolean verify(byte[] signingInput, byte[] signature) {
    if (length > 0 && signature.length != length) {
      return false;
    }
    if (mac != null) {
      return MessageDigest.isEqual(mac.get().doFinal(signingInput), signature); // doFinal resets the Mac
    }
    Signature s = this.signature.get();
    try {
      s.update(signingInput);
      return s.verify(signature); // resets to the state after initVerify
    } catch (GeneralSecurityException e) {
      this.signature.remove(); // after a failure its state is undefined: the next call makes a new one
      return false;
    }
  }

  private static byte[] pem(String text, String file) {
    int begin = text.indexOf("-----BEGIN PUBLIC KEY-----");
    int end = text.indexOf("-----END PUBLIC KEY-----");
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("api.jwt.publicKey: " + file + " holds no PEM 'PUBLIC KEY' block");
    }
    return Base64.getMimeDecoder().decode(text.substring(begin + "-----BEGIN PUBLIC KEY-----".length(), end));
  }
}
